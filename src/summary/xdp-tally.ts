// XDP traffic (xdp.count) per interface and class: packets and bytes summed, rates over the time the counter covered.
import type { EventOf } from '../events/index.js';
import { CappedMap } from './capped-map.js';
import type { SummaryReport } from './report.js';

type XdpRow = SummaryReport['xdp'][number];

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

export class XdpTally {
  readonly interfaces = new CappedMap<Interface>(CAPACITY, (i) => i.packets);

  add(e: EventOf<'xdp.count'>): void {
    const iface = this.interfaces.get(e.iface) ?? this.interfaces.add(e.iface, { coverage: new Coverage(), packets: 0, classes: new Map() });
    iface.coverage.add(e.ts, e.interval_ms);
    iface.packets += e.packets;
    let counts = iface.classes.get(e.proto);
    if (counts === undefined) iface.classes.set(e.proto, (counts = { packets: 0, bytes: 0 }));
    counts.packets += e.packets;
    counts.bytes += e.bytes;
  }

  /** True once an interface was folded out: the rows are then not the whole traffic. */
  get approximate(): boolean {
    return this.interfaces.folded > 0;
  }

  /** One row per interface and class, interfaces by name, their classes busiest first. */
  report(): XdpRow[] {
    const rows: XdpRow[] = [];
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
}
