// The summary of a stream of events, built as they pass in bounded memory, whatever the stream's length.
import type { EventOf, ProbeEvent } from '../events/index.js';
import { endpoint, pairKey } from './flow-tuple.js';
import { FlowJoin } from './flows.js';
import { HealthTally } from './health-tally.js';
import { OpenTally } from './open-tally.js';
import type { FlowRow, SummaryReport } from './report.js';
import { SeriesBuilder } from './series.js';
import { SessionTally } from './session-tally.js';
import { DropTally, RetransmitTally } from './tcp-tally.js';
import { XdpTally } from './xdp-tally.js';

export interface SummaryOptions {
  /** Rows in each top list (default 10). */
  top?: number;
  /** The clock of a live stream: the series then runs up to now, so a quiet end shows. Absent, it ends at the last event. */
  now?: () => number;
}

export class Summary {
  private readonly top: number;
  private readonly now: (() => number) | undefined;
  private total = 0;
  private readonly byType: Record<string, number> = {};
  private firstTs: number | undefined;
  private lastTs: number | undefined;
  private readonly series = new SeriesBuilder();
  private readonly retransmits = new RetransmitTally();
  private readonly drops = new DropTally();
  private readonly sessions: SessionTally;
  private readonly opens = new OpenTally();
  private readonly xdp = new XdpTally();
  private readonly health = new HealthTally();
  private readonly flows = new FlowJoin();

  constructor(options: SummaryOptions = {}) {
    const top = options.top ?? 10;
    if (!(Number.isInteger(top) && top >= 1)) throw new RangeError(`top must be a positive integer, not ${top}`);
    this.top = top;
    this.now = options.now;
    this.sessions = new SessionTally(top);
  }

  add(event: ProbeEvent): void {
    this.total++;
    this.byType[event.type] = (this.byType[event.type] ?? 0) + 1;
    if (this.firstTs === undefined || event.ts < this.firstTs) this.firstTs = event.ts;
    if (this.lastTs === undefined || event.ts > this.lastTs) this.lastTs = event.ts;
    this.series.add(event.type, event.ts);
    this.flows.add(event);
    switch (event.type) {
      case 'tcp.retransmit':
        return this.retransmits.addRetransmit(event);
      case 'tcp.retransmit.count':
        return this.retransmits.addCount(event);
      case 'tcp.drop':
        return this.drops.add(event);
      case 'tcp.session':
        return this.sessions.add(event);
      case 'file.open':
        return this.opens.add(event);
      case 'xdp.count':
        return this.xdp.add(event);
      case 'tool.lost':
        return this.health.addLost(event);
      case 'tool.diagnostic':
        return this.health.addDiagnostic(event);
      case 'probe.status':
        return this.health.addStatus(event);
      default:
        return;
    }
  }

  /** Keys held by the bounded tallies (flows, reasons, processes, paths, interfaces) and rows of the flow view: stays under their caps, whatever the input. */
  get trackedKeys(): number {
    return (
      this.flows.size +
      this.retransmits.flows.size +
      this.drops.flows.size +
      this.drops.reasons.size +
      this.opens.processes.size +
      this.opens.failingPaths.size +
      this.xdp.interfaces.size
    );
  }

  /** Finds a session's row in the flow view: the same pair of endpoints, its ts within the row's events. */
  private sessionFlows(): (s: EventOf<'tcp.session'>) => FlowRow | undefined {
    const byPair = new Map<string, FlowRow[]>();
    for (const row of this.flows.rows(undefined)) {
      const key = pairKey(endpoint(row.laddr, row.lport), endpoint(row.raddr, row.rport));
      const rows = byPair.get(key);
      if (rows === undefined) byPair.set(key, [row]);
      else rows.push(row);
    }
    return (s) => byPair.get(pairKey(endpoint(s.laddr, s.lport), endpoint(s.raddr, s.rport)))?.find((row) => row.first_ts <= s.ts && s.ts <= row.last_ts);
  }

  report(): SummaryReport {
    if (this.now !== undefined && this.total > 0) this.series.cover(this.now());
    const approximate = [
      ['retransmits.top_flows', this.retransmits.flows.approximate],
      ['drops.by_reason', this.drops.reasons.approximate],
      ['drops.top_flows', this.drops.flows.approximate],
      ['sessions.duration_ms', !this.sessions.durations.exact],
      ['opens.by_process', this.opens.processes.folded > 0],
      ['opens.top_failing_paths', this.opens.failingPaths.approximate],
      ['xdp', this.xdp.approximate],
      ['flows', this.flows.dropped().flows > 0],
    ] as const;
    return {
      events: { total: this.total, by_type: { ...this.byType }, ...(this.firstTs === undefined ? {} : { first_ts: this.firstTs, last_ts: this.lastTs }) },
      series: this.series.snapshot(),
      retransmits: this.retransmits.report(this.top),
      drops: this.drops.report(this.top),
      sessions: this.sessions.report(this.sessionFlows()),
      opens: this.opens.report(this.top),
      xdp: this.xdp.report(),
      flows: this.flows.rows(this.top),
      ...this.health.report(),
      approximate: [...approximate.filter(([, over]) => over).map(([part]) => part), ...this.health.approximate],
    };
  }
}
