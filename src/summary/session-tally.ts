// TCP sessions (tcplife): count, bytes, duration percentiles, and the longest and biggest few.
import type { EventOf } from '../events/index.js';
import { DurationSketch } from './duration-sketch.js';
import type { FlowRow, SummaryReport } from './report.js';

type Session = EventOf<'tcp.session'>;

/** The `limit` sessions with the largest metric, kept in order (the earlier wins a tie). */
class Largest {
  readonly kept: Session[] = [];

  constructor(
    private readonly limit: number,
    private readonly metric: (s: Session) => number,
  ) {}

  offer(session: Session): void {
    const value = this.metric(session);
    if (this.kept.length === this.limit && value <= this.metric(this.kept[this.limit - 1]!)) return;
    let at = this.kept.length;
    while (at > 0 && this.metric(this.kept[at - 1]!) < value) at--;
    this.kept.splice(at, 0, session);
    if (this.kept.length > this.limit) this.kept.pop();
  }
}

export class SessionTally {
  private total = 0;
  private txKb = 0;
  private rxKb = 0;
  readonly durations = new DurationSketch();
  private readonly longest: Largest;
  private readonly biggest: Largest;

  constructor(top: number) {
    this.longest = new Largest(top, (s) => s.duration_ms);
    this.biggest = new Largest(top, (s) => s.tx_kb + s.rx_kb);
  }

  add(e: Session): void {
    this.total++;
    this.txKb += e.tx_kb;
    this.rxKb += e.rx_kb;
    this.durations.add(e.duration_ms);
    this.longest.offer(e);
    this.biggest.offer(e);
  }

  /** `flowOf` finds a session's row in the flow view, for the retransmits and drops joined to it. */
  report(flowOf: (s: Session) => FlowRow | undefined): SummaryReport['sessions'] {
    const d = this.durations;
    return {
      total: this.total,
      tx_kb: this.txKb,
      rx_kb: this.rxKb,
      duration_ms: this.total === 0 ? {} : { p50: d.percentile(0.5), p90: d.percentile(0.9), p99: d.percentile(0.99), max: d.max },
      longest: this.longest.kept.map((s) => sessionRow(s, flowOf(s))),
      biggest: this.biggest.kept.map((s) => sessionRow(s, flowOf(s))),
    };
  }
}

/**
 * One session as tcplife printed it (ends, owner, lifetime, bytes), with what the flow view joined to its
 * connection (retransmits, drops, other sessions of it, first and last event). A session whose row the
 * flow view folded away for room has only itself to show (the report lists "flows" as approximate then).
 */
function sessionRow(s: Session, flow: FlowRow | undefined): FlowRow {
  return {
    ...(s.family === undefined ? {} : { family: s.family }),
    laddr: s.laddr,
    lport: s.lport,
    raddr: s.raddr,
    rport: s.rport,
    ...(s.pid === undefined ? {} : { pid: s.pid }),
    ...(s.comm === undefined ? {} : { comm: s.comm }),
    first_ts: flow?.first_ts ?? s.ts,
    last_ts: flow?.last_ts ?? s.ts,
    retransmits: flow?.retransmits ?? 0,
    tlp: flow?.tlp ?? 0,
    drops: flow?.drops ?? 0,
    drops_by_reason: { ...flow?.drops_by_reason },
    sessions: flow?.sessions ?? 1,
    duration_ms: s.duration_ms,
    tx_kb: s.tx_kb,
    rx_kb: s.rx_kb,
  };
}
