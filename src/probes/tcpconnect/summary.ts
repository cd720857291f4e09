// tcpconnect in the summary: connects by result, handshake time percentiles, connects by destination (bounded), and how they join the flow view.
import type { EventOf } from '../../events/index.js';
import { CappedMap } from '../../tally/capped-map.js';
import { DurationSketch } from '../../tally/duration-sketch.js';
import type { FlowEvent } from '../../tally/flow-contribution.js';
import type { Section } from '../../tally/section.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { count, duration } from '../../tally/units.js';

type Types = 'tcp.connect';
type Connect = EventOf<'tcp.connect'>;

export interface Percentiles {
  p50?: number;
  p90?: number;
  p99?: number;
  max?: number;
}

export interface DestinationConnects {
  daddr: string;
  dport: number;
  connects: number;
  established: number;
  /** Connects that failed, by result (refused, timed_out, ...). */
  failed: Record<string, number>;
  /** Handshake times of its established connects (and of tcpconnlat's rows, which say no result). */
  latency_ms: Percentiles;
}

export interface ConnectReport {
  total: number;
  established: number;
  failed: number;
  /** Connects whose tool says no result (the stock tools). */
  unknown: number;
  by_result: Record<string, number>;
  /** Handshake times in ms of the established connects, and of the rows that say no result but a time (tcpconnlat). */
  latency_ms: Percentiles;
  /** The destinations with most connects. */
  destinations: DestinationConnects[];
  other_destinations: { destinations: number; connects: number; failed: number };
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    connects: ConnectReport;
  }
}

const DESTINATION_CAPACITY = 1024;
/** Each destination keeps its handshake times exactly up to this many, then in a histogram within 1 %. */
const DESTINATION_SKETCH = 1024;

const percentiles = (d: DurationSketch): Percentiles =>
  d.count === 0 ? {} : { p50: d.percentile(0.5)!, p90: d.percentile(0.9)!, p99: d.percentile(0.99)!, max: d.max! };

/** A handshake time that says how long an established connect took: failed connects' times are how long they failed for. */
const handshake = (e: Connect): number | undefined => (e.result === undefined || e.result === 'established' ? e.latency_ms : undefined);

class Destination {
  connects = 0;
  established = 0;
  failedTotal = 0;
  readonly failed = new Map<string, number>();
  readonly latency = new DurationSketch(DESTINATION_SKETCH);

  constructor(
    readonly daddr: string,
    readonly dport: number,
  ) {}

  row(): DestinationConnects {
    return {
      daddr: this.daddr,
      dport: this.dport,
      connects: this.connects,
      established: this.established,
      failed: Object.fromEntries(this.failed),
      latency_ms: percentiles(this.latency),
    };
  }
}

class ConnectTally implements SummaryTally<Types, 'connects'> {
  private total = 0;
  private readonly byResult = new Map<string, number>();
  private readonly latency = new DurationSketch();
  private readonly folded = { destinations: 0, connects: 0, failed: 0 };
  private readonly destinations = new CappedMap<Destination>(
    DESTINATION_CAPACITY,
    (d) => d.connects,
    (d) => {
      this.folded.destinations++;
      this.folded.connects += d.connects;
      this.folded.failed += d.failedTotal;
    },
  );

  readonly handlers: EventHandlers<Types> = {
    'tcp.connect': (e) => {
      this.total++;
      const result = e.result ?? 'unknown';
      this.byResult.set(result, (this.byResult.get(result) ?? 0) + 1);
      const key = `${e.daddr} ${e.dport}`;
      const d = this.destinations.get(key) ?? this.destinations.add(key, new Destination(e.daddr, e.dport));
      d.connects++;
      if (e.result === 'established') d.established++;
      else if (e.result !== undefined) {
        d.failedTotal++;
        d.failed.set(e.result, (d.failed.get(e.result) ?? 0) + 1);
      }
      const ms = handshake(e);
      if (ms !== undefined) {
        this.latency.add(ms);
        d.latency.add(ms);
      }
    },
  };

  report({ top }: { top: number }): ConnectReport {
    const { top: listed, rest } = this.destinations.top(top);
    const other = { ...this.folded };
    for (const [, d] of rest) {
      other.destinations++;
      other.connects += d.connects;
      other.failed += d.failedTotal;
    }
    const established = this.byResult.get('established') ?? 0;
    const unknown = this.byResult.get('unknown') ?? 0;
    return {
      total: this.total,
      established,
      failed: this.total - established - unknown,
      unknown,
      by_result: Object.fromEntries(this.byResult),
      latency_ms: percentiles(this.latency),
      destinations: listed.map(([, d]) => d.row()),
      other_destinations: other,
    };
  }

  approximate(): string[] {
    return [
      ...(this.destinations.folded > 0 ? ['connects.destinations'] : []),
      ...(this.latency.exact && [...this.destinations.values()].every((d) => d.latency.exact) ? [] : ['connects.latency_ms']),
    ];
  }

  trackedKeys(): number {
    return this.destinations.size;
  }
}

/** "refused 3, timed_out 1", the most frequent first. */
const failuresText = (failed: Record<string, number>): string =>
  Object.entries(failed)
    .sort((a, b) => b[1] - a[1])
    .map(([result, n]) => `${result} ${count(n)}`)
    .join(', ');

const percentilesText = (p: Percentiles): string =>
  (['p50', 'p90', 'p99', 'max'] as const)
    .filter((k) => p[k] !== undefined)
    .map((k) => `${k} ${duration(p[k]!)}`)
    .join(', ');

function destinationRows(x: ConnectReport) {
  return x.destinations.map((d) => ({
    destination: d.daddr.includes(':') ? `[${d.daddr}]:${d.dport}` : `${d.daddr}:${d.dport}`,
    connects: d.connects,
    established: d.established,
    failed: failuresText(d.failed),
    p50: d.latency_ms.p50,
    p99: d.latency_ms.p99,
    max: d.latency_ms.max,
  }));
}

function note(x: ConnectReport): Section['note'] {
  const failed = Object.entries(x.by_result).filter(([r]) => r !== 'established' && r !== 'unknown');
  const parts: NonNullable<Section['note']>[number][] = [];
  if (x.established > 0) parts.push(`, ${count(x.established)} established`);
  if (failed.length > 0) parts.push(', ', { text: failuresText(Object.fromEntries(failed)), tone: 'bad' });
  if (x.unknown > 0) parts.push(`, ${count(x.unknown)} without a result (the tool does not say)`);
  const times = percentilesText(x.latency_ms);
  if (times !== '') parts.push(`; handshake ${times}`);
  return parts;
}

function sections(x: ConnectReport): Section[] {
  if (x.total === 0) return [];
  return [
    {
      id: 'connects',
      title: 'Connects',
      total: x.total,
      note: note(x),
      tables: [
        {
          columns: [
            { key: 'destination', heading: 'DESTINATION' },
            { key: 'connects', heading: 'CONNECTS', align: 'right', unit: 'count' },
            { key: 'established', heading: 'ESTABLISHED', align: 'right', unit: 'count' },
            { key: 'failed', heading: 'FAILED', max: 40 },
            { key: 'p50', heading: 'P50', align: 'right', unit: 'duration' },
            { key: 'p99', heading: 'P99', align: 'right', unit: 'duration' },
            { key: 'max', heading: 'MAX', align: 'right', unit: 'duration' },
          ],
          rows: destinationRows(x),
          ...(x.other_destinations.connects > 0 && {
            more: { count: x.other_destinations.connects, what: `connects (${count(x.other_destinations.failed)} failed) to other destinations` },
          }),
        },
      ],
    },
  ];
}

function reportSections(x: ConnectReport): Section[] {
  if (x.total === 0) return [];
  const [table] = sections(x)[0]!.tables;
  return [
    {
      id: 'connects',
      title: 'Connects',
      lead: [
        { count: x.total, id: 'connects' },
        ' connects, ',
        { count: x.established, id: 'established-connects' },
        ' established, ',
        { count: x.failed, id: 'failed-connects' },
        ' failed.',
      ],
      tables: [{ ...table!, columns: table!.columns.map((c) => ({ ...c, heading: c.heading.toLowerCase() })) }],
    },
  ];
}

/**
 * A connect names its connection, local end first, and its owner: the process that called connect(), recorded in it
 * (never pid 0). A row printed without its local port (tcpconnect without -s or -L) names no connection.
 */
const connectOf = (e: Connect): FlowEvent | undefined =>
  e.sport === undefined
    ? undefined
    : {
        kind: 'event',
        ts: e.ts,
        first: { addr: e.saddr, port: e.sport },
        second: { addr: e.daddr, port: e.dport },
        fromSocket: true,
        task: { pid: e.pid, comm: e.comm },
      };

export const tcpconnectSummary: SummaryPart<Types, 'connects'> = {
  key: 'connects',
  tally: () => new ConnectTally(),
  sections,
  reportSections,
  flows: { 'tcp.connect': { event: connectOf } },
};
