// tcpdrop in the summary: drops in total, by reason and by flow (bounded), their section, and how they join the flow view.
import type { EventOf } from '../../events/index.js';
import { TopCounter } from '../../tally/capped-map.js';
import { FLOW_CAPACITY, flowKeyOf, flowKeyText } from '../../tally/flow-key.js';
import type { Counted, FlowKey } from '../../tally/flow-row.js';
import { flowCountsTable } from '../../tally/flow-table.js';
import type { Section } from '../../tally/section.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';

type Types = 'tcp.drop';

/** Flows keyed by the drop's source and destination columns as printed (`laddr` = the source column). */
export interface DropReport {
  total: number;
  by_reason: Counted<string>[];
  other_reasons: number;
  top_flows: Counted<FlowKey>[];
  other_flows: number;
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    drops: DropReport;
  }
}

const REASON_CAPACITY = 1024;

class DropTally implements SummaryTally<Types, 'drops'> {
  private total = 0;
  private readonly reasons = new TopCounter(REASON_CAPACITY);
  /** Keyed by the source and destination columns as the tool printed them (which end is local depends on the tool). */
  private readonly flows = new TopCounter(FLOW_CAPACITY);

  readonly handlers: EventHandlers<Types> = {
    'tcp.drop': (e) => {
      this.total++;
      this.reasons.add(e.reason ?? 'unknown');
      this.flows.add(flowKeyText(e.family, e.saddr, e.sport, e.daddr, e.dport));
    },
  };

  report({ top }: { top: number }): DropReport {
    const reasons = this.reasons.top(top);
    const flows = this.flows.top(top);
    return {
      total: this.total,
      by_reason: reasons.top,
      other_reasons: reasons.other,
      top_flows: flows.top.map((f) => ({ key: flowKeyOf(f.key), count: f.count })),
      other_flows: flows.other,
    };
  }

  approximate(): string[] {
    return [...(this.reasons.approximate ? ['drops.by_reason'] : []), ...(this.flows.approximate ? ['drops.top_flows'] : [])];
  }

  trackedKeys(): number {
    return this.flows.size + this.reasons.size;
  }
}

function sections(d: DropReport): Section[] {
  if (d.total === 0) return [];
  return [
    {
      id: 'drops',
      title: 'Drops',
      total: d.total,
      tables: [
        {
          columns: [
            { key: 'reason', heading: 'REASON' },
            { key: 'drops', heading: 'DROPS', align: 'right', unit: 'count' },
          ],
          rows: d.by_reason.map((r) => ({ reason: r.key, drops: r.count })),
          ...(d.other_reasons > 0 && { more: { count: d.other_reasons, what: 'for other reasons' } }),
        },
        flowCountsTable(d.top_flows, d.other_flows, 'FLOW (source → destination, as printed)', 'DROPS'),
      ],
    },
  ];
}

/** Shown even when there was none: drops are what the reader of a report looks for first. */
function reportSections(d: DropReport): Section[] {
  const section = { id: 'drops', title: 'Drops by reason', headline: true };
  if (d.total === 0) return [{ ...section, lead: ['No drops', { detail: [' (', { count: 0, id: 'drops' }, ')'] }, '.'], tables: [] }];
  return [
    {
      ...section,
      lead: [{ detail: [{ count: d.total, id: 'drops' }, ' drops.'] }],
      bars: d.by_reason.map((x) => ({ label: x.key, value: x.count })),
      tables: [
        {
          columns: [
            { key: 'reason', heading: 'reason' },
            { key: 'drops', heading: 'drops', align: 'right', unit: 'count', tag: { name: 'drop-reason', from: 'reason' } },
          ],
          rows: d.by_reason.map((x) => ({ reason: x.key, drops: x.count })),
          ...(d.other_reasons > 0 && { more: { count: d.other_reasons, what: 'other reasons' } }),
        },
      ],
    },
  ];
}

const dropOf = (e: EventOf<'tcp.drop'>) => ({
  kind: 'event' as const,
  ts: e.ts,
  first: { addr: e.saddr, port: e.sport },
  second: { addr: e.daddr, port: e.dport },
  fromSocket: false,
  dropReason: e.reason ?? 'unknown',
  task: { pid: e.pid, comm: e.comm },
});

export const tcpdropSummary: SummaryPart<Types, 'drops'> = {
  key: 'drops',
  tally: () => new DropTally(),
  sections,
  reportSections,
  flows: { 'tcp.drop': { event: dropOf, counts: 'drops', ownerFromFlow: true } },
};
