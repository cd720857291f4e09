// tcplife in the summary: sessions counted, their bytes, duration percentiles, the longest and biggest few, and the flow view's sessions.
import type { EventOf } from '../../events/index.js';
import { DurationSketch } from '../../tally/duration-sketch.js';
import type { FlowRow } from '../../tally/flow-row.js';
import { bytesColumns, flowColumn, flowRowCells, ownerColumn } from '../../tally/flow-table.js';
import type { Section, Table } from '../../tally/section.js';
import type { EventHandlers, ReportContext, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { duration, kib } from '../../tally/units.js';

type Types = 'tcp.session';
type Session = EventOf<'tcp.session'>;

export interface SessionReport {
  total: number;
  tx_kb: number;
  rx_kb: number;
  /** Duration percentiles in ms over every session (bounded sketch: exact up to its capacity). */
  duration_ms: { p50?: number; p90?: number; p99?: number; max?: number };
  /** Longest and biggest sessions, top N each. */
  longest: FlowRow[];
  biggest: FlowRow[];
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    sessions: SessionReport;
  }
}

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

class SessionTally implements SummaryTally<Types, 'sessions'> {
  private total = 0;
  private txKb = 0;
  private rxKb = 0;
  private readonly durations = new DurationSketch();
  private readonly longest: Largest;
  private readonly biggest: Largest;

  constructor(top: number) {
    this.longest = new Largest(top, (s) => s.duration_ms);
    this.biggest = new Largest(top, (s) => s.tx_kb + s.rx_kb);
  }

  readonly handlers: EventHandlers<Types> = {
    'tcp.session': (e) => {
      this.total++;
      this.txKb += e.tx_kb;
      this.rxKb += e.rx_kb;
      this.durations.add(e.duration_ms);
      this.longest.offer(e);
      this.biggest.offer(e);
    },
  };

  /** Each listed session with what the flow view joined to its connection (retransmits, drops). */
  report({ flowAt }: ReportContext): SessionReport {
    const d = this.durations;
    const row = (s: Session) => sessionRow(s, flowAt(s, s.ts));
    return {
      total: this.total,
      tx_kb: this.txKb,
      rx_kb: this.rxKb,
      duration_ms: this.total === 0 ? {} : { p50: d.percentile(0.5), p90: d.percentile(0.9), p99: d.percentile(0.99), max: d.max },
      longest: this.longest.kept.map(row),
      biggest: this.biggest.kept.map(row),
    };
  }

  approximate(): string[] {
    return this.durations.exact ? [] : ['sessions.duration_ms'];
  }

  trackedKeys(): number {
    return 0;
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

function sessionTable(rows: FlowRow[], caption?: string): Table {
  return {
    ...(caption !== undefined && { caption }),
    columns: [flowColumn, ownerColumn, { key: 'duration', heading: 'DURATION', align: 'right', unit: 'duration' }, ...bytesColumns],
    rows: rows.map((r) => ({ ...flowRowCells(r), duration: r.duration_ms })),
  };
}

function sections(x: SessionReport): Section[] {
  if (x.total === 0) return [];
  const d = x.duration_ms;
  const percentiles = (['p50', 'p90', 'p99', 'max'] as const).filter((p) => d[p] !== undefined).map((p) => `${p} ${duration(d[p]!)}`);
  // The same sessions twice tells nothing new.
  const same = x.biggest.length === x.longest.length && x.biggest.every((b, i) => b === x.longest[i] || JSON.stringify(b) === JSON.stringify(x.longest[i]));
  return [
    {
      id: 'sessions',
      title: 'Sessions',
      total: x.total,
      note: [`, ${kib(x.tx_kb)} sent, ${kib(x.rx_kb)} received; duration ${percentiles.join(', ')}`],
      tables: [sessionTable(x.longest, 'longest'), ...(same ? [] : [sessionTable(x.biggest, 'biggest (sent + received)')])],
    },
  ];
}

function reportSections(x: SessionReport): Section[] {
  if (x.total === 0) return [];
  const table = sessionTable(x.longest);
  return [
    {
      id: 'sessions',
      title: 'Sessions',
      lead: [{ count: x.total, id: 'sessions' }, ` sessions, ${kib(x.tx_kb)} sent, ${kib(x.rx_kb)} received.`],
      tables: [{ ...table, columns: table.columns.map((c) => ({ ...c, heading: c.heading.toLowerCase() })) }],
    },
  ];
}

const sessionOf = (e: Session) => ({
  kind: 'session' as const,
  ts: e.ts,
  local: { addr: e.laddr, port: e.lport },
  remote: { addr: e.raddr, port: e.rport },
  duration_ms: e.duration_ms,
  ...(e.pid !== undefined && { pid: e.pid }),
  ...(e.comm !== undefined && { comm: e.comm }),
  tx_kb: e.tx_kb,
  rx_kb: e.rx_kb,
});

export const tcplifeSummary: SummaryPart<Types, 'sessions'> = {
  key: 'sessions',
  tally: ({ top }) => new SessionTally(top),
  sections,
  reportSections,
  flows: { 'tcp.session': { session: sessionOf } },
};
