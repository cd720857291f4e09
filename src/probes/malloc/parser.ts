// malloc: memory.outstanding and memory.rate events from the reports of probectl's malloc program, one block of bpftrace map prints per interval.
import { ToolLineReader } from '../../core/diagnostics.js';
import { type Layout, type LineParser, type ParserOptions, type ParserOutput, type Stream, type ToolParser, withProvenance } from '../../core/layout.js';
import { findLayout, undetectedLayout } from '../../core/table-parser.js';
import { type AllocatorFunction, allocatorFunctions } from './functions.js';
import { MALLOC_READY } from './program.js';
import { parseReportLine, Report } from './report.js';

export const mallocLayout: Layout = withProvenance(
  [
    {
      name: 'probectl-v1',
      impl: 'bpftrace',
      tool: 'probectl-malloc.bt',
      description: `probectl's generated malloc program (bpftrace 0.17+): "${MALLOC_READY}", then per interval "REPORT generation slots interval-ms min-age-ms max-allocations top", the maps @hb/@hc (held bytes and allocations per pid and stack), @yNb/@yNc (the young generations), @calls/@bytes per pid and function, @full, and "END"`,
    },
  ],
  ['probectl-v1'],
)[0]!;

/** Frames whose symbols bpftrace resolved, by address, kept per process to name them once it has exited. */
const SYMBOLS_KEPT = 65536;

const isAllocator = (name: string): name is AllocatorFunction => (allocatorFunctions as readonly string[]).includes(name);

/** `\t55e72343c1b2 leaky_alloc+9 (/tmp/leak)`: the address, then what bpftrace made of it ("0x55e7… ([unknown])" when it could not). */
function frameOf(line: string): { address: string; text: string; resolved: boolean } | undefined {
  const m = /^\t([0-9a-f]+) (.*)$/.exec(line);
  if (m === null) return undefined;
  const text = m[2]!;
  return { address: m[1]!, text, resolved: !text.startsWith('0x') };
}

class MallocParser implements LineParser {
  private readonly lines: ToolLineReader;
  private layout: Layout;
  private report: Report | undefined;
  /** An open stack entry: `@hb[PID, ` until `]: VALUE`. */
  private entry: { map: string; pid: number; frames: Array<{ address: string; text: string }> } | undefined;
  private readonly symbols = new Map<string, string>();
  private full = 0;

  constructor(
    private readonly out: ParserOutput,
    forced: Layout | undefined,
    impl: ParserOptions['impl'],
  ) {
    this.lines = new ToolLineReader(out);
    this.layout = forced ?? undetectedLayout('malloc', impl);
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stdout' && this.readLine(text, ts)) return;
    this.lines.report(text, stream, ts, this.layout);
  }

  private readLine(text: string, ts: number): boolean {
    if (text === MALLOC_READY) {
      this.layout = mallocLayout;
      return true;
    }
    if (this.entry !== undefined) return this.entryLine(text);
    if (text.startsWith('REPORT\t')) {
      const header = parseReportLine(text);
      if (header === undefined) return false;
      this.report = new Report(header);
      return true;
    }
    if (text.startsWith('EXIT\t')) {
      const pid = /^EXIT\t(\d+)$/.exec(text)?.[1];
      if (pid === undefined) return false;
      this.out.event(
        ts,
        'tool.diagnostic',
        { level: 'info', message: `process ${pid} exited: the next report is what it held when it exited`, stream: 'stdout' },
        this.layout,
      );
      return true;
    }
    const report = this.report;
    // bpftrace prints the (cleared) full counter once more as it exits, outside any report.
    if (report === undefined) return /^@full: \d+$/.test(text);
    if (text.length === 0) return true;
    if (text === 'END') {
      this.closeReport(report, ts);
      return true;
    }
    const opened = /^@(hb|hc|y\d+[bc])\[(\d+), $/.exec(text);
    if (opened !== null) {
      this.entry = { map: opened[1]!, pid: Number(opened[2]), frames: [] };
      return true;
    }
    const call = /^@(calls|bytes)\[(\d+), (\w+)\]: (-?\d+)$/.exec(text);
    if (call !== null && isAllocator(call[3]!)) {
      report.callEntry(call[1] as 'calls' | 'bytes', Number(call[2]), call[3], Number(call[4]));
      return true;
    }
    const full = /^@full: (\d+)$/.exec(text);
    if (full !== null) {
      report.full = Number(full[1]);
      return true;
    }
    return false;
  }

  private entryLine(text: string): boolean {
    const entry = this.entry!;
    const frame = frameOf(text);
    if (frame !== undefined) {
      const key = `${entry.pid}:${frame.address}`;
      if (frame.resolved) {
        if (!this.symbols.has(key) && this.symbols.size >= SYMBOLS_KEPT) this.symbols.delete(this.symbols.keys().next().value!);
        this.symbols.set(key, frame.text);
      }
      entry.frames.push({ address: frame.address, text: frame.resolved ? frame.text : (this.symbols.get(key) ?? frame.text) });
      return true;
    }
    this.entry = undefined;
    const closed = /^\]: (-?\d+)$/.exec(text);
    if (closed === null || this.report === undefined) return false;
    const key = entry.frames.map((f) => f.address).join(' ');
    this.report.stackEntry(
      entry.map,
      entry.pid,
      key,
      entry.frames.map((f) => f.text),
      Number(closed[1]),
    );
    return true;
  }

  private closeReport(report: Report, ts: number): void {
    this.report = undefined;
    for (const e of report.events()) this.out.event(ts, e.type, e.body, this.layout);
    if (report.full > this.full) {
      const untracked = report.full - this.full;
      this.full = report.full;
      this.out.event(
        ts,
        'tool.diagnostic',
        {
          level: 'warning',
          message: `the allocation map is full (${report.header.maxAllocations} live allocations): ${untracked} more were not tracked; raise --max-allocations`,
          stream: 'stdout',
        },
        this.layout,
      );
    }
  }

  end(ts: number): void {
    // A report cut off by the end of the input is incomplete: its totals would be wrong, so it is dropped with a word.
    if (this.report !== undefined)
      this.out.event(
        ts,
        'tool.diagnostic',
        { level: 'warning', message: 'the last report ended before its END line and was left out', stream: 'stdout' },
        this.layout,
      );
    this.report = undefined;
    this.entry = undefined;
  }
}

export const mallocParser: ToolParser = {
  tool: 'malloc',
  layouts: [mallocLayout],
  create(out: ParserOutput, options: ParserOptions = {}): LineParser {
    const forced = options.layout === undefined ? undefined : findLayout('malloc', [mallocLayout], options.layout);
    return new MallocParser(out, forced, options.impl);
  },
};
