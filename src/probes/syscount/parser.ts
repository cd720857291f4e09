// syscount: syscall.count events from libbpf-tools' and BCC's tables, stock syscount.bt's maps and probectl's program, read line by line.
import { ToolLineReader } from '../../core/diagnostics.js';
import { withProvenance, type Layout, type LineParser, type ParserOptions, type ParserOutput, type Stream, type ToolParser } from '../../core/layout.js';
import { findLayout, undetectedLayout } from '../../core/table-parser.js';
import { digitsEnd, digitsValue } from '../../core/json-from-bytes.js';
import { integerField } from '../../core/tab-fields.js';
import type { EventBody, Implementation } from '../../events/index.js';
import {
  PROBECTL_SYSCOUNT_HEADER,
  probectlLayout as probectlShape,
  stockLayout as stockShape,
  tableLayouts as tableShapes,
  type TableLayout,
  type TableShape,
} from './layouts.js';
import { NO_LINE, type RowJson } from '../../core/row-json-writer.js';
import { sameBytes, writeStockMapLine, writeSyscountRow } from './row-json.js';
import { type Counts, type NumberedMapLine, plainNumber, readNumberedMapLine, sortBusiestFirst, syscallMember, writeCountsMembers } from './program-bytes.js';
import { parseMapLine, parseProbectlKey, parseTableRow } from './rows.js';

type SyscallCount = EventBody<'syscall.count'>;

/** syscount.bt's map lines from their bytes. */
const STOCK_JSON: RowJson = { type: 'syscall.count', write: writeStockMapLine };

/** libbpf-tools 0.26+ and BCC: "Tracing syscalls, printing top 10... Ctrl+C to quit."; BCC adds "failed " under -x and names a --syscall. */
const TRACING = /^Tracing (failed )?(?:syscalls, printing top \d+|syscall '[^']*')\.\.\. Ctrl\+C to quit\.$/;
const CLOCK = /^\[\d\d:\d\d:\d\d\]$/;
const STOCK_BANNER = 'Counting syscalls... Hit Ctrl-C to end.';
const STOCK_SECTION = /^Top \d+ (syscalls IDs|processes):$/;
const STOCK_SECTION_TOP = Buffer.from('Top ');
const STOCK_SECTION_TAILS = [Buffer.from(' syscalls IDs:'), Buffer.from(' processes:')];
const NAMES_PREFIX = 'SYSCALLS\t';
const INTERVAL_PREFIX = 'INTERVAL\t';
const INTERVAL_BYTES = Buffer.from(INTERVAL_PREFIX);
/** Counts kept for reuse: more than an interval of probectl's program holds (a key per call it saw). */
const MAX_SPARE_COUNTS = 512;

/** The layouts real recordings show (libbpf-tools and bpftrace 0.17 on the project's lab machine; probectl's own program). */
const CAPTURED = ['probectl-v1', 'bt', 'libbpf', 'libbpf-L', 'libbpf-P', 'libbpf-PLm'];

const [probectlLayout, stockLayout, ...tableLayouts] = withProvenance<Layout>([probectlShape, stockShape, ...tableShapes], CAPTURED) as [
  Layout,
  Layout,
  ...TableLayout[],
];
export const syscountLayouts: readonly Layout[] = [probectlLayout, stockLayout, ...tableLayouts];
const headers = new Map<string, Omit<TableShape, 'impl' | 'failures'>>(
  tableLayouts.map((l) => [l.header, { process: l.shape.process, latency: l.shape.latency }]),
);

/** probectl's maps, in either generation (@calls0 or @calls1: the program prints the one it stopped writing to). */
const PROBECTL_MAPS: Readonly<Record<string, 'calls' | 'failed' | 'ns'>> = {
  calls0: 'calls',
  calls1: 'calls',
  failed0: 'failed',
  failed1: 'failed',
  ns0: 'ns',
  ns1: 'ns',
};

class SyscountParser implements LineParser {
  private layout: Layout | undefined;
  private readonly lines: ToolLineReader;
  private readonly undetected: Layout;
  /** Which table implementation is speaking (the plan or a recording says; libbpf-tools unless told). */
  private tableImpl: 'libbpf' | 'bcc';
  /** Only failed calls are counted (-x, -e): named by the plan's layout, or by BCC's banner. */
  private failures: boolean;
  /** The clock line above the table being read. */
  private time: string | undefined;
  /** probectl's program: this machine's call names (and each as its JSON member), and the counts read since the last INTERVAL line, by key (a call's number as a number). */
  private names = new Map<number, string>();
  private syscallMembers = new Map<number, Uint8Array>();
  private block = new Map<string | number, Counts>();
  /** The interval's event being written from its counts (intervalJson), and the interval's length. */
  private pendingCounts: Counts | undefined;
  private pendingMs: number | undefined;
  private readonly intervalJson: RowJson = {
    type: 'syscall.count',
    write: (_line, _start, _end, out) => {
      const counts = this.pendingCounts!;
      writeCountsMembers(out, counts, this.pendingMs, this.syscallMembers.get(counts.nr));
      return true;
    },
  };
  /** closeInterval's list, kept between intervals (a program prints tens of thousands of them). */
  private readonly kept: Counts[] = [];
  /** The byte path's map line, read into one object, and its counts, given back once their interval is written. */
  private readonly mapLine: NumberedMapLine = { map: 'calls', nr: 0, value: 0 };
  private readonly spareCounts: Counts[] = [];
  /** A table's rows from their bytes, with the state they need (the table's shape, the clock line above it). */
  private readonly tableJson: RowJson = {
    type: 'syscall.count',
    write: (line, start, end, out) => writeSyscountRow(line, start, end, (this.layout as TableLayout).shape, this.time, out),
  };

  constructor(
    private readonly out: ParserOutput,
    forced: Layout | undefined,
    impl: Implementation | undefined,
  ) {
    this.lines = new ToolLineReader(out);
    this.undetected = undetectedLayout('syscount', impl);
    this.layout = forced;
    const table = tableLayouts.find((l) => l === forced);
    this.tableImpl = table?.shape.impl ?? (impl === 'bcc' ? 'bcc' : 'libbpf');
    this.failures = table?.shape.failures ?? false;
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stderr') return this.lines.report(text, 'stderr', ts, this.layout ?? this.undetected);
    if (text.length === 0) return;
    if (this.layout === probectlLayout || text.startsWith(NAMES_PREFIX) || text === PROBECTL_SYSCOUNT_HEADER) {
      if (this.probectlLine(text, ts)) return;
    } else if (this.tableLine(text, ts) || this.stockLine(text, ts)) return;
    this.lines.report(text, 'stdout', ts, this.layout ?? this.undetected);
  }

  /**
   * A table's row goes straight from its bytes to JSON: once a table's header set its layout, a line the writer takes
   * (a name or a PID and COMM, then numbers) is none of the lines line() would read otherwise (banners, clocks, headers).
   * So does a map line of syscount.bt once its banner or a section set its layout: a line opening with "@" is none of
   * those either. An empty line is taken as it is: line() does nothing with one.
   */
  lineBytes(line: Uint8Array, start: number, end: number, ts: number, notUtf8: boolean): boolean {
    const layout = this.layout;
    if (layout === undefined || this.out.json === undefined || notUtf8) return false;
    if (start === end) return true;
    if (layout === probectlLayout) return this.programBytes(line, start, end, ts);
    if (layout === stockLayout) return isStockSection(line, start, end) || this.out.json(ts, layout, STOCK_JSON, line, start, end);
    if (!('shape' in layout)) return false;
    return this.out.json(ts, layout, this.tableJson, line, start, end);
  }

  /**
   * probectl's program from its bytes: a map line keyed by a call's number goes into the interval's counts as
   * probectlLine() would put it, and an INTERVAL line closes the interval; every other line (the names, the header, a
   * key per process, anything unusual) is left to the text path.
   */
  private programBytes(line: Uint8Array, start: number, end: number, ts: number): boolean {
    const map = this.mapLine;
    if (readNumberedMapLine(line, start, end, map)) {
      let counts = this.block.get(map.nr);
      if (counts === undefined) this.block.set(map.nr, (counts = this.newCounts(map.nr)));
      if (map.map === 'ns') counts.ns = (counts.ns ?? 0) + map.value;
      else counts[map.map] += map.value;
      return true;
    }
    if (end - start <= INTERVAL_BYTES.length || !sameBytes(line, start, start + INTERVAL_BYTES.length, INTERVAL_BYTES)) return false;
    const ms = digitsValue(line, start + INTERVAL_BYTES.length, end);
    if (ms < 0) return false;
    this.closeInterval(ts, ms);
    return true;
  }

  /** Counts for a call's number: a spare one when the byte path's last interval left one (written, and nowhere kept). */
  private newCounts(nr: number): Counts {
    const spare = this.spareCounts.pop();
    if (spare === undefined) return { calls: 0, failed: 0, ns: undefined, pid: undefined, comm: undefined, nr };
    spare.calls = 0;
    spare.failed = 0;
    spare.ns = undefined;
    spare.nr = nr;
    return spare;
  }

  /** Input ended inside an interval (a run killed before its last INTERVAL line): its counts, without the interval's length. */
  end(ts: number): void {
    if (this.block.size > 0) this.closeInterval(ts, undefined);
  }

  private emit(ts: number, body: SyscallCount, layout: Layout): void {
    this.out.event(ts, 'syscall.count', body, layout);
  }

  private tableLine(text: string, ts: number): boolean {
    const tracing = TRACING.exec(text);
    if (tracing !== null) {
      if (tracing[1] !== undefined) this.failures = true;
      this.time = undefined;
      return true;
    }
    if (CLOCK.test(text)) {
      this.time = text.slice(1, 9);
      return true;
    }
    if (text === 'Detaching...') return true;
    const columns = headers.get(text.trimEnd());
    if (columns !== undefined) {
      this.layout = tableLayouts.find(
        (l) =>
          l.shape.impl === this.tableImpl && l.shape.process === columns.process && l.shape.latency === columns.latency && l.shape.failures === this.failures,
      );
      return true;
    }
    const layout = this.layout;
    if (layout === undefined || !('shape' in layout)) return false;
    const row = parseTableRow(text, (layout as TableLayout).shape, this.time);
    if (row === undefined) return false;
    this.emit(ts, row, layout);
    return true;
  }

  private stockLine(text: string, ts: number): boolean {
    if (text === STOCK_BANNER) {
      this.layout = stockLayout;
      return true;
    }
    const section = STOCK_SECTION.exec(text);
    if (section !== null) {
      this.layout = stockLayout;
      return true;
    }
    if (this.layout !== stockLayout && this.layout !== undefined) return false;
    const map = parseMapLine(text);
    if (map === undefined) return false;
    if (map.map === 'syscall') {
      const nr = integerField(map.key);
      if (nr === undefined) return false;
      this.layout = stockLayout;
      this.emit(ts, { nr, count: map.value }, stockLayout);
      return true;
    }
    if (map.map === 'process') {
      this.layout = stockLayout;
      this.emit(ts, { comm: map.key, count: map.value }, stockLayout);
      return true;
    }
    return false;
  }

  private probectlLine(text: string, ts: number): boolean {
    if (text === PROBECTL_SYSCOUNT_HEADER) {
      this.layout = probectlLayout;
      this.block = new Map();
      return true;
    }
    if (text.startsWith(NAMES_PREFIX)) return this.readNames(text.slice(NAMES_PREFIX.length));
    if (text.startsWith(INTERVAL_PREFIX)) {
      const ms = integerField(text.slice(INTERVAL_PREFIX.length));
      if (ms === undefined) return false;
      this.closeInterval(ts, ms);
      return true;
    }
    const line = parseMapLine(text);
    const map = line === undefined || !Object.hasOwn(PROBECTL_MAPS, line.map) ? undefined : PROBECTL_MAPS[line.map];
    if (line === undefined || map === undefined) return false;
    const key = parseProbectlKey(line.key);
    if (key === undefined) return false;
    // A call's number is keyed as a number, as programBytes() keys it; "007" stays apart from "7", as printed.
    const blockKey = plainNumber(line.key) ?? line.key;
    let counts = this.block.get(blockKey);
    if (counts === undefined) this.block.set(blockKey, (counts = { calls: 0, failed: 0, ...key }));
    // Both generations are printed at the end: a key in both adds up.
    if (map === 'ns') counts.ns = (counts.ns ?? 0) + line.value;
    else counts[map] += line.value;
    return true;
  }

  /** "0 read 1 write ...": pairs of a number and a name. */
  private readNames(text: string): boolean {
    const words = text.length === 0 ? [] : text.split(' ');
    if (words.length % 2 !== 0) return false;
    const names = new Map<number, string>();
    for (let i = 0; i < words.length; i += 2) {
      const nr = integerField(words[i]!);
      const name = words[i + 1]!;
      if (nr === undefined || !/^[a-z_][a-z0-9_]*$/.test(name)) return false;
      names.set(nr, name);
    }
    this.layout = probectlLayout;
    this.names = names;
    this.syscallMembers = new Map([...names].map(([nr, name]) => [nr, syscallMember(name)]));
    return true;
  }

  /** The interval's counts, the busiest first: written as JSON from the counts where the output takes bytes, else as events. */
  private closeInterval(ts: number, ms: number | undefined): void {
    const kept = this.kept;
    kept.length = 0;
    for (const counts of this.block.values()) if (counts.calls !== 0 || counts.failed !== 0) kept.push(counts);
    this.block.clear();
    sortBusiestFirst(kept);
    const json = this.out.json;
    this.pendingMs = ms;
    for (const counts of kept) {
      this.pendingCounts = counts;
      if (json === undefined || !json(ts, probectlLayout, this.intervalJson, NO_LINE, 0, 0)) this.emit(ts, this.row(counts, ms), probectlLayout);
      // Written (row() copied what it needed): the byte path may count into it again. Those of a key per process stay theirs.
      if (counts.pid === undefined && this.spareCounts.length < MAX_SPARE_COUNTS) this.spareCounts.push(counts);
    }
    this.pendingCounts = undefined;
  }

  /** One key's event, its fields assigned in order (conditional spreads made each row a slow dictionary-mode object). */
  private row(counts: Counts, ms: number | undefined): SyscallCount {
    const row = {} as SyscallCount;
    if (ms !== undefined) row.interval_ms = ms;
    if (counts.pid !== undefined) {
      row.pid = counts.pid;
      row.comm = counts.comm;
    }
    const name = this.names.get(counts.nr);
    if (name !== undefined) row.syscall = name;
    row.nr = counts.nr;
    row.count = counts.calls;
    row.errors = counts.failed;
    if (counts.ns !== undefined) row.total_ns = counts.ns;
    return row;
  }
}

/**
 * A section heading of syscount.bt ("Top 10 syscalls IDs:", "Top 10 processes:") from its bytes, as STOCK_SECTION reads
 * it: once the layout is known, such a line changes nothing, and two of them in each interval's nine lines cost a decode
 * and the text path's tests.
 */
function isStockSection(line: Uint8Array, start: number, end: number): boolean {
  const digits = start + STOCK_SECTION_TOP.length;
  if (end <= digits || !sameBytes(line, start, digits, STOCK_SECTION_TOP)) return false;
  const at = digitsEnd(line, digits, end);
  return at > digits && STOCK_SECTION_TAILS.some((tail) => sameBytes(line, at, end, tail));
}

export const syscountParser: ToolParser = {
  tool: 'syscount',
  layouts: syscountLayouts,
  create(out: ParserOutput, options: ParserOptions = {}): LineParser {
    const forced = options.layout === undefined ? undefined : findLayout('syscount', syscountLayouts, options.layout);
    return new SyscountParser(out, forced, options.impl);
  },
};
