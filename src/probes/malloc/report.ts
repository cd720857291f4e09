// One interval's report of malloc.bt's maps: per-stack totals minus the young generations, the top stacks per process, and the calls per function.
import type { EventBody } from '../../events/index.js';
import type { AllocatorFunction } from './events.js';

export interface ReportHeader {
  generation: number;
  slots: number;
  intervalMs: number;
  minAgeMs: number;
  maxAllocations: number;
  /** Stacks to report per process. */
  top: number;
}

/** REPORT generation ring-slots interval-ms min-age-ms max-allocations top */
export function parseReportLine(text: string): ReportHeader | undefined {
  const m = /^REPORT\t(\d+)\t(\d+)\t(\d+)\t(\d+)\t(\d+)\t(\d+)$/.exec(text);
  if (m === null) return undefined;
  const [generation, slots, intervalMs, minAgeMs, maxAllocations, top] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return intervalMs > 0 && top > 0 ? { generation, slots, intervalMs, minAgeMs, maxAllocations, top } : undefined;
}

interface StackTotals {
  stack: string[];
  bytes: number;
  allocations: number;
}

/** What one report's maps hold, filled entry by entry. */
export class Report {
  /** pid → stack key → the held totals (all ages). */
  private readonly held = new Map<number, Map<string, StackTotals>>();
  /** pid → stack key → the young generations' totals, to subtract. */
  private readonly young = new Map<number, Map<string, { bytes: number; allocations: number }>>();
  private readonly calls = new Map<string, { pid: number; fn: AllocatorFunction; calls: number; bytes: number }>();
  full = 0;

  constructor(readonly header: ReportHeader) {}

  /** The slots of the generations still young: the current one and those before it that the ring still holds. */
  private youngSlot(map: string): boolean {
    const { slots, generation } = this.header;
    const slot = Number(map.slice(1, -1));
    for (let back = 0; back < slots - 1; back++) if ((generation - back + slots * 1000) % slots === slot) return true;
    return false;
  }

  /** One entry of a per-stack map; key names the stack by its addresses, which do not change when symbols stop resolving. */
  stackEntry(map: string, pid: number, key: string, stack: string[], value: number): void {
    if (map === 'hb' || map === 'hc') {
      let stacks = this.held.get(pid);
      if (stacks === undefined) this.held.set(pid, (stacks = new Map()));
      let totals = stacks.get(key);
      if (totals === undefined) stacks.set(key, (totals = { stack, bytes: 0, allocations: 0 }));
      if (map === 'hb') totals.bytes += value;
      else totals.allocations += value;
      return;
    }
    if (!/^y\d+[bc]$/.test(map) || !this.youngSlot(map)) return;
    let stacks = this.young.get(pid);
    if (stacks === undefined) this.young.set(pid, (stacks = new Map()));
    let totals = stacks.get(key);
    if (totals === undefined) stacks.set(key, (totals = { bytes: 0, allocations: 0 }));
    if (map.endsWith('b')) totals.bytes += value;
    else totals.allocations += value;
  }

  callEntry(map: 'calls' | 'bytes', pid: number, fn: AllocatorFunction, value: number): void {
    const key = `${pid}\t${fn}`;
    let entry = this.calls.get(key);
    if (entry === undefined) this.calls.set(key, (entry = { pid, fn, calls: 0, bytes: 0 }));
    entry[map] += value;
  }

  /** The top stacks of each process by bytes held at least min-age, then the calls per function. */
  events(): Array<{ type: 'memory.outstanding'; body: EventBody<'memory.outstanding'> } | { type: 'memory.rate'; body: EventBody<'memory.rate'> }> {
    const out: ReturnType<Report['events']> = [];
    const minAge = this.header.minAgeMs / 1000;
    for (const [pid, stacks] of [...this.held].sort((a, b) => a[0] - b[0])) {
      const young = this.young.get(pid);
      const rows: StackTotals[] = [];
      for (const [key, totals] of stacks) {
        const y = young?.get(key);
        const bytes = totals.bytes - (y?.bytes ?? 0);
        const allocations = totals.allocations - (y?.allocations ?? 0);
        if (bytes > 0 && allocations > 0) rows.push({ stack: totals.stack, bytes, allocations });
      }
      const total_bytes = rows.reduce((n, r) => n + r.bytes, 0);
      const total_allocations = rows.reduce((n, r) => n + r.allocations, 0);
      rows.sort((a, b) => b.bytes - a.bytes || b.allocations - a.allocations);
      rows.slice(0, this.header.top).forEach((r, i) =>
        out.push({
          type: 'memory.outstanding',
          body: { pid, stack: r.stack, bytes: r.bytes, allocations: r.allocations, rank: i + 1, total_bytes, total_allocations, min_age_s: minAge },
        }),
      );
    }
    for (const entry of [...this.calls.values()].sort((a, b) => a.pid - b.pid || (a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : 0)))
      out.push({
        type: 'memory.rate',
        body: { pid: entry.pid, function: entry.fn, calls: entry.calls, bytes: entry.bytes, interval_ms: this.header.intervalMs },
      });
    return out;
  }
}
