// biolatency in the summary: per device (and request flags), the I/O counted, latency percentiles, and the histogram as a picture.
import { CappedMap } from '../../tally/capped-map.js';
import type { Row, Section, Table } from '../../tally/section.js';
import type { EventHandlers, ReportContext, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { duration } from '../../tally/units.js';
import { LatencyHistogram, type MicrosBucket } from './latency-histogram.js';

type Types = 'block.latency';

export interface DeviceLatency {
  device: string;
  flags?: string;
  /** Whether the latency includes the kernel's queue, where the tool said. */
  queued?: boolean;
  /** Histograms (intervals) merged. */
  histograms: number;
  /** I/O counted. */
  count: number;
  /**
   * Ends (µs, exclusive) of the buckets holding the 50th, 90th and 99th percentiles and the slowest I/O: each latency is
   * below its figure, and log2 buckets keep the figure within 2x of it. Null without I/O or for a bucket open above.
   */
  p50_below_us: number | null;
  p90_below_us: number | null;
  p99_below_us: number | null;
  max_below_us: number | null;
  buckets: MicrosBucket[];
}

export type BlockLatencyReport = DeviceLatency[];

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    block_latency: BlockLatencyReport;
  }
}

interface DeviceTally {
  device: string;
  flags: string | undefined;
  queued: boolean | undefined;
  histograms: number;
  histogram: LatencyHistogram;
}

/** Devices (and flag sets) tallied before the quietest are folded away. */
const CAPACITY = 256;
/** Width of the picture's bars. */
const BAR = 40;

class BlockLatencyTally implements SummaryTally<Types, 'block_latency'> {
  private readonly devices = new CappedMap<DeviceTally>(CAPACITY, (d) => d.histogram.count);

  readonly handlers: EventHandlers<Types> = {
    'block.latency': (e) => {
      const key = e.flags === undefined ? e.device : `${e.device}\t${e.flags}`;
      const d =
        this.devices.get(key) ??
        this.devices.add(key, { device: e.device, flags: e.flags, queued: e.queued, histograms: 0, histogram: new LatencyHistogram() });
      d.histograms++;
      if (e.queued !== undefined) d.queued = e.queued;
      d.histogram.add(e);
    },
  };

  /** The busiest first, then by name; every device, since a machine has few. */
  report(_context: ReportContext): BlockLatencyReport {
    const rows = [...this.devices.values()].sort(
      (a, b) =>
        b.histogram.count - a.histogram.count || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0) || ((a.flags ?? '') < (b.flags ?? '') ? -1 : 1),
    );
    return rows.map((d) => {
      const buckets = d.histogram.sorted();
      const top = buckets.at(-1);
      return {
        device: d.device,
        ...(d.flags !== undefined && { flags: d.flags }),
        ...(d.queued !== undefined && { queued: d.queued }),
        histograms: d.histograms,
        count: d.histogram.count,
        p50_below_us: d.histogram.percentile(0.5, buckets),
        p90_below_us: d.histogram.percentile(0.9, buckets),
        p99_below_us: d.histogram.percentile(0.99, buckets),
        max_below_us: top?.max_us == null ? null : top.max_us + 1,
        buckets,
      };
    });
  }

  approximate(): string[] {
    return this.devices.folded > 0 ? ['block_latency'] : [];
  }

  trackedKeys(): number {
    return this.devices.size;
  }
}

const ms = (us: number | null): number | undefined => (us === null ? undefined : us / 1000);
const nameOf = (d: DeviceLatency): string => (d.flags === undefined ? d.device : `${d.device} ${d.flags}`);

function rangeText(b: MicrosBucket): string {
  if (b.max_us === null) return `≥ ${duration((b.min_us ?? 0) / 1000)}`;
  if (b.min_us === b.max_us) return duration(b.max_us / 1000);
  return `${duration((b.min_us ?? 0) / 1000)} – ${duration((b.max_us + 1) / 1000)}`;
}

/** The histogram as a picture: one row a bucket, from the first I/O to the last, bars scaled to the fullest. */
function picture(d: DeviceLatency): Table {
  const fullest = Math.max(...d.buckets.map((b) => b.count));
  const rows: Row[] = d.buckets.map((b) => ({
    range: rangeText(b),
    count: b.count,
    bar: '#'.repeat(fullest === 0 ? 0 : Math.max(b.count > 0 ? 1 : 0, Math.round((b.count / fullest) * BAR))),
  }));
  return {
    caption: nameOf(d),
    columns: [
      { key: 'range', heading: 'LATENCY', align: 'right' },
      { key: 'count', heading: 'I/O', align: 'right', unit: 'count' },
      { key: 'bar', heading: 'DISTRIBUTION' },
    ],
    rows,
  };
}

function percentiles(rows: BlockLatencyReport, lower: boolean): Table {
  const h = (s: string): string => (lower ? s.toLowerCase() : s);
  const flags = rows.some((d) => d.flags !== undefined);
  return {
    columns: [
      { key: 'device', heading: h('DEVICE') },
      ...(flags ? [{ key: 'flags', heading: h('FLAGS') }] : []),
      { key: 'count', heading: h('I/O'), align: 'right', unit: 'count', tag: { name: 'block-io', from: 'device' } },
      { key: 'p50', heading: h('P50 <'), align: 'right', unit: 'duration' },
      { key: 'p90', heading: h('P90 <'), align: 'right', unit: 'duration' },
      { key: 'p99', heading: h('P99 <'), align: 'right', unit: 'duration' },
      { key: 'max', heading: h('MAX <'), align: 'right', unit: 'duration' },
    ],
    rows: rows.map((d) => ({
      device: d.device,
      flags: d.flags,
      count: d.count,
      p50: ms(d.p50_below_us),
      p90: ms(d.p90_below_us),
      p99: ms(d.p99_below_us),
      max: ms(d.max_below_us),
    })),
  };
}

function note(rows: BlockLatencyReport): string[] {
  const queued = rows.map((d) => d.queued).filter((q) => q !== undefined);
  if (queued.length === 0) return [' (log2 buckets: each figure is the end of the bucket holding that percentile)'];
  return [queued.every((q) => q) ? ' (from queueing to completion; log2 buckets)' : ' (from issue to the device to completion; log2 buckets)'];
}

const total = (rows: BlockLatencyReport): number => rows.reduce((n, d) => n + d.count, 0);

function sections(rows: BlockLatencyReport): Section[] {
  if (rows.length === 0) return [];
  return [
    {
      id: 'block_latency',
      title: 'Block I/O latency',
      total: total(rows),
      note: note(rows),
      tables: [percentiles(rows, false), ...rows.filter((d) => d.count > 0).map(picture)],
    },
  ];
}

function reportSections(rows: BlockLatencyReport): Section[] {
  if (rows.length === 0) return [];
  return [
    {
      id: 'block_latency',
      title: 'Block I/O latency',
      lead: [{ count: total(rows), id: 'block-io' }, ' block I/O requests completed.'],
      bars: rows.filter((d) => d.count > 0).map((d) => ({ label: nameOf(d), value: d.count })),
      tables: [percentiles(rows, true)],
    },
  ];
}

export const biolatencySummary: SummaryPart<Types, 'block_latency'> = {
  key: 'block_latency',
  tally: () => new BlockLatencyTally(),
  sections,
  reportSections,
};
