// biolatency: block.latency events from libbpf-tools' and BCC's log2 histograms, stock biolatency.bt and probectl's program.
import { ToolLineReader } from '../../core/diagnostics.js';
import { BAD_BUCKET, type Bucket, bucketFromBytes, follows, parseBucketLine } from '../../core/hist-buckets.js';
import { type Layout, type LineParser, type ParserOptions, type ParserOutput, type Stream, type ToolParser, withProvenance } from '../../core/layout.js';
import { NO_LINE, type RowJson } from '../../core/row-json-writer.js';
import { findLayout, undetectedLayout } from '../../core/table-parser.js';
import type { EventBody } from '../../events/index.js';
import { cachedDeviceNames, type DeviceNames, hostDeviceNames } from './device-names.js';
import { BIOLATENCY_BANNER, bccLayout, biolatencyLayouts, btLayout, libbpfLayout, PROBECTL_BIOLATENCY_HEADER, probectlLayout } from './layouts.js';
import { type Histogram, HistJsonWriter, type HistMembers } from './hist-json.js';
import { clockLine, diskLine, flagsLine, type LatencyUnit, log2Header, log2Row, log2RowFromBytes } from './log2-lines.js';

type Latency = EventBody<'block.latency'>;

/** The layouts real recordings show (libbpf-tools 0.26 and bpftrace 0.17 on the project's lab machine). */
const CAPTURED = ['libbpf', 'probectl-v1'];
const layouts = withProvenance(biolatencyLayouts, CAPTURED);
const layoutNamed = (name: string): Layout => layouts.find((l) => l.name === name)!;
/** Each layout with its provenance, looked up once rather than per event. */
const withItsProvenance = new Map<Layout, Layout>(biolatencyLayouts.map((l) => [l, layoutNamed(l.name)]));

/** Bounds the buckets one histogram may hold: 64-bit values need at most 65 log2 buckets. */
const MAX_BUCKETS = 128;

/** A histogram being read: its buckets, and what the lines before it said it is of. */
interface OpenHist extends Histogram {
  ts: number;
  layout: Layout;
  unit: LatencyUnit;
  buckets: Bucket[];
  /** The sum of the buckets' counts, kept as they are read. */
  count: number;
}

/** libbpf-tools' and BCC's histograms have "lo -> hi" rows, bpftrace's "[lo, hi)" lines. */
const isLog2 = (layout: Layout): boolean => layout === libbpfLayout || layout === bccLayout;

/** "@usecs:" or "@usecs_dev[7, 0]:" (bpftrace ends the line with a space). */
const BT_MAP = /^@(usecs|usecs_dev\[(\d+), (\d+)\]):\s?$/;
/** probectl's program closes each interval: INTERVAL <ms> <queued 0|1> <per-device 0|1>. */
const INTERVAL = /^INTERVAL\t(\d+)\t([01])\t([01])$/;

class BiolatencyParser implements LineParser {
  private readonly lines: ToolLineReader;
  private current: Layout;
  /** The histogram whose bucket lines are being read. */
  private open: OpenHist | undefined;
  /** probectl's program: the interval's histograms, until its INTERVAL line says how long it lasted. */
  private pending: OpenHist[] = [];
  /** What the lines before a histogram said: -D's disk, -F's flags, -T's clock (kept for the interval). */
  private disk: string | undefined;
  private flags: string | undefined;
  private time: string | undefined;
  private sawProbectl = false;
  /** The event emit() is writing, for histJson: one object for every histogram. */
  private readonly members: HistMembers = { hist: { device: '', unit: '', buckets: [], count: 0 }, intervalMs: undefined, queued: undefined, time: undefined };
  private readonly histWriter = new HistJsonWriter();
  private readonly histJson: RowJson = {
    type: 'block.latency',
    write: (_line, _start, _end, out) => {
      this.histWriter.write(out, this.members);
      return true;
    },
  };

  constructor(
    private readonly out: ParserOutput,
    private readonly forced: Layout | undefined,
    private readonly names: DeviceNames,
    impl: ParserOptions['impl'],
  ) {
    this.lines = new ToolLineReader(out);
    this.current = forced ?? undetectedLayout('biolatency', impl);
    if (forced === probectlLayout) this.sawProbectl = true;
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stderr') return this.lines.report(text, 'stderr', ts, this.current);
    const open = this.open;
    if (open !== undefined) {
      if (isLog2(open.layout)) {
        const row = log2Row(text);
        if (row !== undefined && open.buckets.length < MAX_BUCKETS && follows(open.buckets.at(-1), row)) {
          open.buckets.push(row);
          open.count += row.count;
          return;
        }
      } else {
        const bucket = parseBucketLine(text);
        if (bucket === BAD_BUCKET) return this.lines.report(text, 'stdout', ts, this.current);
        if (bucket !== undefined && open.buckets.length < MAX_BUCKETS && follows(open.buckets.at(-1), bucket)) {
          open.buckets.push(bucket);
          open.count += bucket.count;
          return;
        }
      }
      this.close();
    }
    this.fresh(text, ts);
  }

  /**
   * A bucket row of the open histogram from its bytes, without decoding it: taken only when line() would take it
   * the same way, and an empty line, which ends the open histogram as line() would. Every other line (a header, a
   * map's name, anything unusual) is left to line().
   */
  lineBytes(line: Uint8Array, start: number, end: number, _ts: number, notUtf8: boolean): boolean {
    if (start === end) {
      this.close();
      return true;
    }
    const open = this.open;
    if (open === undefined || notUtf8) return false;
    const bucket = isLog2(open.layout) ? log2RowFromBytes(line, start, end) : bucketFromBytes(line, start, end);
    if (bucket === undefined || open.buckets.length >= MAX_BUCKETS || !follows(open.buckets.at(-1), bucket)) return false;
    open.buckets.push(bucket);
    open.count += bucket.count;
    return true;
  }

  end(): void {
    this.close();
    // A program stopped before its interval closed: what it printed, without the interval's length.
    for (const hist of this.pending) this.emit(hist);
    this.pending = [];
  }

  private fresh(text: string, ts: number): void {
    if (text.length === 0 || text === BIOLATENCY_BANNER) return;
    if (text === PROBECTL_BIOLATENCY_HEADER) {
      this.sawProbectl = true;
      this.current = this.forced ?? layoutNamed(probectlLayout.name);
      return;
    }
    const interval = this.sawProbectl ? INTERVAL.exec(text) : null;
    if (interval !== null) return this.closeInterval(Number(interval[1]), interval[2] === '1', interval[3] === '1', ts);
    if (text.charCodeAt(0) === 64) {
      const map = BT_MAP.exec(text);
      if (map !== null && (map[2] === undefined || this.sawProbectl)) return this.openBpftrace(map, ts);
    }
    const header = log2Header(text);
    if (header !== undefined) {
      this.current = this.forced ?? layoutNamed(header.impl === 'libbpf' ? libbpfLayout.name : bccLayout.name);
      const layout = header.impl === 'libbpf' ? libbpfLayout : bccLayout;
      this.open = { ts, layout, unit: header.unit, buckets: [], count: 0, device: this.disk ?? 'all', flags: this.flags };
      this.disk = undefined;
      this.flags = undefined;
      return;
    }
    const disk = diskLine(text);
    if (disk !== undefined) {
      this.disk = disk;
      return;
    }
    const flags = flagsLine(text);
    if (flags !== undefined) {
      this.flags = flags;
      return;
    }
    const clock = clockLine(text);
    if (clock !== undefined) {
      this.time = clock;
      return;
    }
    this.lines.report(text, 'stdout', ts, this.current);
  }

  private openBpftrace(map: RegExpExecArray, ts: number): void {
    const layout = this.sawProbectl ? probectlLayout : btLayout;
    if (!this.sawProbectl) this.current = this.forced ?? layoutNamed(btLayout.name);
    if (map[2] === undefined) {
      this.open = { ts, layout, unit: 'usecs', buckets: [], count: 0, device: 'all' };
      return;
    }
    const [major, minor] = [Number(map[2]), Number(map[3])];
    const dev = `${major}:${minor}`;
    this.open = { ts, layout, unit: 'usecs', buckets: [], count: 0, device: this.names(major, minor) ?? dev, dev };
  }

  /** Ends the open histogram: log2 and stock biolatency.bt ones go out now, probectl's at their INTERVAL line. */
  private close(): void {
    const open = this.open;
    if (open === undefined) return;
    this.open = undefined;
    if (open.layout === probectlLayout) this.pending.push(open);
    else this.emit(open);
  }

  private closeInterval(intervalMs: number, queued: boolean, perDevice: boolean, ts: number): void {
    this.close();
    // Without --per-device an interval with no I/O printed no map: it still reports its empty histogram.
    if (!perDevice && !this.pending.some((h) => h.device === 'all'))
      this.pending.push({ ts, layout: probectlLayout, unit: 'usecs', buckets: [], count: 0, device: 'all' });
    for (const hist of this.pending) {
      hist.ts = ts;
      this.emit(hist, intervalMs, queued);
    }
    this.pending = [];
  }

  /**
   * Written as JSON from the histogram where the output takes bytes (histJson); else the body, built member by member
   * in the order the events have always had (an object spread per event costs).
   */
  private emit(hist: OpenHist, intervalMs?: number, queued?: boolean): void {
    const time = this.time !== undefined && hist.layout !== probectlLayout ? this.time : undefined;
    const layout = this.forced ?? withItsProvenance.get(hist.layout)!;
    const json = this.out.json;
    if (json !== undefined) {
      const members = this.members;
      members.hist = hist;
      members.intervalMs = intervalMs;
      members.queued = queued;
      members.time = time;
      if (json(hist.ts, layout, this.histJson, NO_LINE, 0, 0)) return;
    }
    const body: Latency = { device: hist.device } as Latency;
    if (hist.dev !== undefined) body.dev = hist.dev;
    if (hist.flags !== undefined) body.flags = hist.flags;
    body.unit = hist.unit;
    body.buckets = hist.buckets;
    body.count = hist.count;
    if (intervalMs !== undefined) body.interval_ms = intervalMs;
    if (queued !== undefined) body.queued = queued;
    if (time !== undefined) body.time = time;
    this.out.event(hist.ts, 'block.latency', body, layout);
  }
}

/** The parser, naming disks with `names` (the host's sysfs by default: a name is resolved where the output is parsed). */
export function biolatencyParserWith(names: DeviceNames = hostDeviceNames()): ToolParser {
  return {
    tool: 'biolatency',
    layouts,
    create(out: ParserOutput, options: ParserOptions = {}): LineParser {
      const forced = options.layout === undefined ? undefined : findLayout('biolatency', biolatencyLayouts, options.layout);
      return new BiolatencyParser(out, forced, cachedDeviceNames(names), options.impl);
    },
  };
}

export const biolatencyParser = biolatencyParserWith();
