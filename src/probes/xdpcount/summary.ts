// xdpcount in the summary: packets and bytes per interface and class, rates over the time the counter covered, and their section.
import { CappedMap } from '../../tally/capped-map.js';
import type { Section } from '../../tally/section.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';

type Types = 'xdp.count' | 'xdp.flow';

/** Rates are the totals over `covered_ms`, the union of the interface's reporting intervals. */
export type XdpReport = Array<{ iface: string; proto: string; packets: number; bytes: number; covered_ms: number; pps: number; bps: number }>;

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    xdp: XdpReport;
  }
}

/**
 * The time an interface's counter reported on: the union of its intervals [ts - interval_ms, ts].
 * Every class of an interval shares it, so a class absent from an interval (it saw no packets)
 * still has that interval in its rate's denominator. Intervals arrive in order; the one being
 * extended is kept open, the ones before it are summed.
 */
class Coverage {
  private closedMs = 0;
  private start = 0;
  private end = 0;
  private empty = true;

  add(ts: number, intervalMs: number): void {
    const from = ts - intervalMs;
    if (this.empty) [this.start, this.end, this.empty] = [from, ts, false];
    else if (from <= this.end && ts >= this.start) [this.start, this.end] = [Math.min(this.start, from), Math.max(this.end, ts)];
    else if (from > this.end) {
      this.closedMs += this.end - this.start;
      [this.start, this.end] = [from, ts];
    } else this.closedMs += intervalMs; // an earlier interval, out of order: disjoint from the open one
  }

  get ms(): number {
    return this.closedMs + this.end - this.start;
  }
}

interface Interface {
  coverage: Coverage;
  packets: number;
  /** Per class: at most the seven classes xdp.count knows. */
  classes: Map<string, { packets: number; bytes: number }>;
}

/** Interfaces tallied before the quietest are folded away. */
const CAPACITY = 256;
const round2 = (n: number): number => Math.round(n * 100) / 100;

class XdpTally implements SummaryTally<Types, 'xdp'> {
  private readonly interfaces = new CappedMap<Interface>(CAPACITY, (i) => i.packets);

  readonly handlers: EventHandlers<Types> = {
    'xdp.count': (e) => {
      const iface = this.interfaces.get(e.iface) ?? this.interfaces.add(e.iface, { coverage: new Coverage(), packets: 0, classes: new Map() });
      iface.coverage.add(e.ts, e.interval_ms);
      iface.packets += e.packets;
      let counts = iface.classes.get(e.proto);
      if (counts === undefined) iface.classes.set(e.proto, (counts = { packets: 0, bytes: 0 }));
      counts.packets += e.packets;
      counts.bytes += e.bytes;
    },
    // The top flows of each interval repeat the traffic its classes counted: the summary reports the classes.
    'xdp.flow': () => {},
  };

  /** One row per interface and class, interfaces by name, their classes busiest first. */
  report(): XdpReport {
    const rows: XdpReport = [];
    for (const [name, iface] of [...this.interfaces.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const seconds = iface.coverage.ms / 1000;
      const classes = [...iface.classes].sort((a, b) => b[1].packets - a[1].packets);
      for (const [proto, { packets, bytes }] of classes)
        rows.push({
          iface: name,
          proto,
          packets,
          bytes,
          covered_ms: iface.coverage.ms,
          pps: seconds > 0 ? round2(packets / seconds) : 0,
          bps: seconds > 0 ? round2((bytes * 8) / seconds) : 0,
        });
    }
    return rows;
  }

  /** Once an interface was folded out, the rows are not the whole traffic. */
  approximate(): string[] {
    return this.interfaces.folded > 0 ? ['xdp'] : [];
  }

  trackedKeys(): number {
    return this.interfaces.size;
  }
}

function sections(rows: XdpReport): Section[] {
  if (rows.length === 0) return [];
  return [
    {
      id: 'xdp',
      title: 'XDP traffic',
      note: [' (rates: totals over the time the counter covered)'],
      tables: [
        {
          columns: [
            { key: 'iface', heading: 'IFACE' },
            { key: 'proto', heading: 'PROTO' },
            { key: 'packets', heading: 'PACKETS', align: 'right', unit: 'count' },
            { key: 'bytes', heading: 'BYTES', align: 'right', unit: 'bytes' },
            { key: 'pps', heading: 'PKT RATE', align: 'right', unit: 'rate', per: 'pps' },
            { key: 'bps', heading: 'BIT RATE', align: 'right', unit: 'bitRate' },
            { key: 'covered_ms', heading: 'OVER', align: 'right', unit: 'duration' },
          ],
          rows,
        },
      ],
    },
  ];
}

function reportSections(rows: XdpReport): Section[] {
  if (rows.length === 0) return [];
  return [
    {
      id: 'xdp',
      title: 'XDP traffic',
      tables: [
        {
          columns: [
            { key: 'iface', heading: 'iface' },
            { key: 'proto', heading: 'class' },
            { key: 'packets', heading: 'packets', align: 'right', unit: 'count', tag: { name: 'xdp', from: 'proto' } },
            { key: 'bytes', heading: 'bytes', align: 'right', unit: 'bytes' },
            { key: 'covered_ms', heading: 'over', align: 'right', unit: 'duration' },
          ],
          rows,
        },
      ],
    },
  ];
}

export const xdpcountSummary: SummaryPart<Types, 'xdp'> = {
  key: 'xdp',
  tally: () => new XdpTally(),
  sections,
  reportSections,
};
