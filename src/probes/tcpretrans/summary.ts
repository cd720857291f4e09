// tcpretrans in the summary: retransmits in total and by flow (bounded), their sections, and how they join the flow view.
import type { EventOf } from '../../events/index.js';
import { TopCounter } from '../../tally/capped-map.js';
import { FLOW_CAPACITY, flowKeyOf, flowKeyText } from '../../tally/flow-key.js';
import type { Counted, FlowKey } from '../../tally/flow-row.js';
import type { Section } from '../../tally/section.js';
import { flowCountsTable } from '../../tally/flow-table.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { count, plural } from '../../tally/units.js';

type Types = 'tcp.retransmit' | 'tcp.retransmit.count';

/** `total` counts tcp.retransmit events plus the kernel's counts from tcpretrans -c rows (`counted`, also part of the flows). */
export interface RetransmitReport {
  total: number;
  tlp: number;
  counted: number;
  top_flows: Counted<FlowKey>[];
  other_flows: number;
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    retransmits: RetransmitReport;
  }
}

class RetransmitTally implements SummaryTally<Types, 'retransmits'> {
  private total = 0;
  private tlp = 0;
  /** Of the total, what tcpretrans -c counted in the kernel (tcp.retransmit.count rows). */
  private counted = 0;
  private readonly flows = new TopCounter(FLOW_CAPACITY);

  readonly handlers: EventHandlers<Types> = {
    'tcp.retransmit': (e) => {
      this.total++;
      if (e.kind === 'tlp') this.tlp++;
      this.flows.add(flowKeyText(e.family, e.laddr, e.lport, e.raddr, e.rport));
    },
    'tcp.retransmit.count': (e) => {
      if (e.count === 0) return;
      this.total += e.count;
      this.counted += e.count;
      this.flows.add(flowKeyText(e.family, e.laddr, e.lport, e.raddr, e.rport), e.count);
    },
  };

  report({ top }: { top: number }): RetransmitReport {
    const flows = this.flows.top(top);
    return {
      total: this.total,
      tlp: this.tlp,
      counted: this.counted,
      top_flows: flows.top.map((f) => ({ key: flowKeyOf(f.key), count: f.count })),
      other_flows: flows.other,
    };
  }

  approximate(): string[] {
    return this.flows.approximate ? ['retransmits.top_flows'] : [];
  }

  trackedKeys(): number {
    return this.flows.size;
  }
}

function sections(r: RetransmitReport): Section[] {
  if (r.total === 0) return [];
  const notes = [r.tlp > 0 ? plural(r.tlp, 'tail loss probe') : '', r.counted > 0 ? `${count(r.counted)} counted in the kernel by tcpretrans -c` : ''].filter(
    (p) => p !== '',
  );
  return [
    {
      id: 'retransmits',
      title: 'Retransmits',
      total: r.total,
      ...(notes.length > 0 && { note: [` (${notes.join(', ')})`] }),
      tables: [flowCountsTable(r.top_flows, r.other_flows, 'FLOW (local → remote)', 'RETRANSMITS')],
    },
  ];
}

function reportSections(r: RetransmitReport): Section[] {
  if (r.total === 0) return [];
  return [
    {
      id: 'retransmits',
      title: 'Retransmits',
      lead: [{ count: r.total, id: 'retransmits' }, ' retransmits', ...(r.tlp > 0 ? [{ detail: [`, ${count(r.tlp)} tail loss probes`] }] : []), '.'],
      tables: [flowCountsTable(r.top_flows, 0, 'flow (local → remote)', 'retransmits')],
    },
  ];
}

const retransmitOf = (e: EventOf<'tcp.retransmit'>) => ({
  kind: 'event' as const,
  ts: e.ts,
  first: { addr: e.laddr, port: e.lport },
  second: { addr: e.raddr, port: e.rport },
  fromSocket: true,
  retransmits: 1,
  tlp: e.kind === 'tlp' ? 1 : 0,
  task: { pid: e.pid },
});

const countOf = (e: EventOf<'tcp.retransmit.count'>) => ({
  kind: 'event' as const,
  ts: e.ts,
  first: { addr: e.laddr, port: e.lport },
  second: { addr: e.raddr, port: e.rport },
  fromSocket: true,
  latest: true,
  retransmits: e.count,
});

export const tcpretransSummary: SummaryPart<Types, 'retransmits'> = {
  key: 'retransmits',
  tally: () => new RetransmitTally(),
  sections,
  reportSections,
  flows: {
    'tcp.retransmit': { event: retransmitOf, counts: 'retransmits', ownerFromFlow: true },
    'tcp.retransmit.count': { event: countOf, counts: 'retransmits' },
  },
};
