// The hosts table of a fleet run: "k of n hosts ran", then each host's state, backend, events, lost events and clock offset.
import type { ProbeEvent } from '../events/index.js';
import { textTable } from '../summary/text-table.js';
import type { HostOutcome } from './host-run.js';

/** Events and lost events per host, counted as the stream goes by. */
export class HostCounts {
  private readonly counts = new Map<string, { events: number; lost: number }>();

  observe(event: ProbeEvent): void {
    const c = this.counts.get(event.host) ?? { events: 0, lost: 0 };
    if (event.type === 'tool.lost') c.lost += event.count;
    else if (event.type !== 'fleet.host' && event.type !== 'probe.status') c.events++;
    this.counts.set(event.host, c);
  }

  of(host: string): { events: number; lost: number } {
    return this.counts.get(host) ?? { events: 0, lost: 0 };
  }
}

/** "2 of 4 hosts ran" */
export const hostsRanLine = (outcomes: readonly HostOutcome[]): string => `${outcomes.filter((o) => o.ran).length} of ${outcomes.length} hosts ran`;

const offset = (ms: number | undefined): string => (ms === undefined ? '-' : `${ms >= 0 ? '+' : ''}${ms.toFixed(1)} ms`);

/** One host's line of the table, as data (a runbook's report keeps it). */
export interface HostRow {
  host: string;
  state: HostOutcome['state'];
  reason?: HostOutcome['reason'];
  ran: boolean;
  backend?: string[];
  events: number;
  lost: number;
  clock_offset_ms?: number;
  /** Why it failed. */
  why?: string;
}

export function hostRows(outcomes: readonly HostOutcome[], counts: HostCounts): HostRow[] {
  return outcomes.map((o) => ({
    host: o.host,
    state: o.state,
    ...(o.reason !== undefined && { reason: o.reason }),
    ran: o.ran,
    ...(o.backend !== undefined && { backend: o.backend }),
    ...counts.of(o.host),
    ...(o.clock_offset_ms !== undefined && { clock_offset_ms: o.clock_offset_ms }),
    ...(o.state === 'failed' && o.message !== undefined && { why: o.message }),
  }));
}

/** The table's cells: host, state (with the reason), backend, events, lost, clock offset, why. */
export const HOST_COLUMNS = ['HOST', 'STATE', 'BACKEND', 'EVENTS', 'LOST', 'CLOCK', 'WHY'] as const;

export function hostCells(r: HostRow): string[] {
  return [
    r.host,
    r.reason === undefined ? r.state : `${r.state} (${r.reason})`,
    r.backend?.join(',') ?? '-',
    String(r.events),
    String(r.lost),
    offset(r.clock_offset_ms),
    r.why ?? '',
  ];
}

export function hostsTableLines(rows: readonly HostRow[], heading?: (text: string) => string): string[] {
  return textTable(
    [
      { title: 'HOST' },
      { title: 'STATE' },
      { title: 'BACKEND' },
      { title: 'EVENTS', right: true },
      { title: 'LOST', right: true },
      { title: 'CLOCK', right: true },
      { title: 'WHY', max: 200 },
    ],
    rows.map(hostCells),
    heading,
  );
}

export function hostsTable(outcomes: readonly HostOutcome[], counts: HostCounts): string {
  return [hostsRanLine(outcomes), '', 'Hosts', ...hostsTableLines(hostRows(outcomes, counts)), ''].join('\n') + '\n';
}
