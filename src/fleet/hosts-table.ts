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

export function hostsTable(outcomes: readonly HostOutcome[], counts: HostCounts): string {
  const rows = outcomes.map((o) => {
    const c = counts.of(o.host);
    const state = o.reason === undefined ? o.state : `${o.state} (${o.reason})`;
    return [
      o.host,
      state,
      o.backend?.join(',') ?? '-',
      String(c.events),
      String(c.lost),
      offset(o.clock_offset_ms),
      o.state === 'failed' ? (o.message ?? '') : '',
    ];
  });
  const table = textTable(
    [
      { title: 'HOST' },
      { title: 'STATE' },
      { title: 'BACKEND' },
      { title: 'EVENTS', right: true },
      { title: 'LOST', right: true },
      { title: 'CLOCK', right: true },
      { title: 'WHY', max: 200 },
    ],
    rows,
  );
  return [hostsRanLine(outcomes), '', 'Hosts', ...table, ''].join('\n') + '\n';
}
