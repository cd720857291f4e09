// Retransmits and drops counted in total, by flow and by drop reason, in bounded memory.
import type { EventOf } from '../events/index.js';
import { TopCounter } from './capped-map.js';
import { flowKeyOf, flowKeyText } from './flow-key.js';
import type { SummaryReport } from './report.js';

/** Distinct flows (and drop reasons) tallied before the least are folded into "other". */
export const FLOW_CAPACITY = 4096;
const REASON_CAPACITY = 1024;

export class RetransmitTally {
  private total = 0;
  private tlp = 0;
  /** Of the total, what tcpretrans -c counted in the kernel (tcp.retransmit.count rows). */
  private counted = 0;
  readonly flows = new TopCounter(FLOW_CAPACITY);

  addRetransmit(e: EventOf<'tcp.retransmit'>): void {
    this.total++;
    if (e.kind === 'tlp') this.tlp++;
    this.flows.add(flowKeyText(e.family, e.laddr, e.lport, e.raddr, e.rport));
  }

  addCount(e: EventOf<'tcp.retransmit.count'>): void {
    if (e.count === 0) return;
    this.total += e.count;
    this.counted += e.count;
    this.flows.add(flowKeyText(e.family, e.laddr, e.lport, e.raddr, e.rport), e.count);
  }

  report(top: number): SummaryReport['retransmits'] {
    const flows = this.flows.top(top);
    return {
      total: this.total,
      tlp: this.tlp,
      counted: this.counted,
      top_flows: flows.top.map((f) => ({ key: flowKeyOf(f.key), count: f.count })),
      other_flows: flows.other,
    };
  }
}

export class DropTally {
  private total = 0;
  readonly reasons = new TopCounter(REASON_CAPACITY);
  /** Keyed by the source and destination columns as the tool printed them (which end is local depends on the tool). */
  readonly flows = new TopCounter(FLOW_CAPACITY);

  add(e: EventOf<'tcp.drop'>): void {
    this.total++;
    this.reasons.add(e.reason ?? 'unknown');
    this.flows.add(flowKeyText(e.family, e.saddr, e.sport, e.daddr, e.dport));
  }

  report(top: number): SummaryReport['drops'] {
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
}
