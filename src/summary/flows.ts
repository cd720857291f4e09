// The flow view: the events of one TCP connection (retransmits, drops, sessions) joined into one row, by 4-tuple and time.
import type { ProbeEvent } from '../events/index.js';
import type { FlowEvent, FlowSession } from '../tally/flow-contribution.js';
import { endpoint, endpointId, familyOf, pairKey, type Endpoint } from '../tally/flow-tuple.js';
import { flowSources } from './flow-sources.js';
import type { FlowRow } from './report.js';

/**
 * How far outside a session's lifetime an event may lie and still belong to it. Events carry the time
 * their line reached probectl, not the kernel's: each probe's output arrives with its own delay, and
 * a session's lifetime may be measured from ESTABLISHED, after any SYN retransmits.
 */
export const SESSION_SLACK_MS = 1000;
const DEFAULT_MAX_FLOWS = 10_000;

export interface FlowJoinOptions {
  /** Rows kept at most (default 10000); beyond it the least active are folded into dropped(). */
  maxFlows?: number;
  /** How many rows rows() returns when given no limit (default: all). */
  top?: number;
  /** Default SESSION_SLACK_MS. */
  slackMs?: number;
}

/** What the flows folded away for room held, so that no count is lost. */
export interface FoldedFlows {
  flows: number;
  retransmits: number;
  tlp: number;
  drops: number;
  sessions: number;
}

type Owner = Pick<FlowSession, 'pid' | 'comm' | 'duration_ms' | 'tx_kb' | 'rx_kb'>;

class Flow {
  retransmits = 0;
  tlp = 0;
  drops = 0;
  readonly dropsByReason = new Map<string, number>();
  sessions = 0;
  /** The union of its sessions' lifetimes [ts - duration_ms, ts]; undefined until a session closes the row. */
  start: number | undefined;
  end: number | undefined;
  /** The first session of each end, by its local endpoint: a connection with both ends on this host is reported once per end. */
  readonly owners = new Map<string, Owner>();
  /** The local end of the first event that read the socket (a retransmit, a session). */
  socketSide: string | undefined;
  /** The one non-zero task the retransmits and drops printed; null once they printed two. */
  task: { pid: number; comm?: string } | null | undefined;

  constructor(
    readonly key: string,
    /** The ends in the order the first event printed them. */
    readonly firstEnd: Endpoint,
    readonly secondEnd: Endpoint,
    public first_ts: number,
    public last_ts: number,
  ) {}

  covers(ts: number, slack: number): boolean {
    return this.start !== undefined && this.end !== undefined && this.start - slack <= ts && ts <= this.end + slack;
  }

  seen(ts: number): void {
    if (ts < this.first_ts) this.first_ts = ts;
    if (ts > this.last_ts) this.last_ts = ts;
  }

  sawTask(pid: number | undefined, comm: string | undefined): void {
    // pid 0 is softirq: it says nothing of the owner, and does not contradict one.
    if (pid === undefined || pid === 0 || this.task === null) return;
    if (this.task === undefined) this.task = { pid, ...(comm !== undefined && { comm }) };
    else if (this.task.pid !== pid) this.task = null;
    else if (this.task.comm === undefined && comm !== undefined) this.task.comm = comm;
  }

  /** Takes in a row of the same connection (its events are counted once, here). */
  absorb(other: Flow): void {
    this.retransmits += other.retransmits;
    this.tlp += other.tlp;
    this.drops += other.drops;
    for (const [reason, n] of other.dropsByReason) this.dropsByReason.set(reason, (this.dropsByReason.get(reason) ?? 0) + n);
    this.seen(other.first_ts);
    this.seen(other.last_ts);
    this.socketSide ??= other.socketSide;
    if (other.task === null) this.task = null;
    else if (other.task !== undefined) this.sawTask(other.task.pid, other.task.comm);
  }

  row(): FlowRow {
    // The end a socket-side event named first, if a session reported it; else the first end a session reported.
    const side = this.socketSide !== undefined && this.owners.has(this.socketSide) ? this.socketSide : (this.owners.keys().next().value ?? this.socketSide);
    const [local, remote] = side === undefined || side === endpointId(this.firstEnd) ? [this.firstEnd, this.secondEnd] : [this.secondEnd, this.firstEnd];
    const owner = side === undefined ? undefined : this.owners.get(side);
    const named = owner?.pid !== undefined ? owner : (this.task ?? undefined);
    const pid = named?.pid;
    const comm = named?.comm;
    return {
      family: familyOf(local.addr),
      laddr: local.addr,
      lport: local.port,
      raddr: remote.addr,
      rport: remote.port,
      ...(pid !== undefined && { pid }),
      ...(comm !== undefined && { comm }),
      first_ts: this.first_ts,
      last_ts: this.last_ts,
      retransmits: this.retransmits,
      tlp: this.tlp,
      drops: this.drops,
      drops_by_reason: Object.fromEntries(this.dropsByReason),
      sessions: this.sessions,
      ...(owner !== undefined && { duration_ms: owner.duration_ms, tx_kb: owner.tx_kb, rx_kb: owner.rx_kb }),
    };
  }
}

/** The rows of one pair of endpoints: the one no session has closed yet, and the others, oldest first. */
interface Pair {
  open: Flow | undefined;
  done: Flow[];
}

const activity = (f: Flow): number => f.retransmits + f.drops + f.sessions;
const bytes = (r: FlowRow): number => (r.tx_kb ?? 0) + (r.rx_kb ?? 0);

/**
 * Joins the events the probe modules declare as flow sources (retransmits, counts of them, drops, sessions) into one row per connection.
 *
 * - **Direction-free**: a pair of endpoints is one key whichever end was printed first (a dropped inbound
 *   packet is printed remote → local); IPv4-mapped IPv6 addresses are keyed and shown as plain IPv4.
 *   A row shows first the local end of its first event that read the socket (a retransmit, a session),
 *   else keeps its first event's order (a dropped packet's source first).
 * - **Time**: a session ended at its event's ts and lived duration_ms before it. Events of a pair wait in
 *   an open row until a session closes it: the session takes the open row when the row's last event lies
 *   within [start - slack, end + slack], and an open row whose events all precede that window becomes a
 *   row of its own (an earlier connection whose session was not seen). Events that arrive after
 *   their session's line join it while their ts is within its window; later ones open a new row, so a
 *   4-tuple reused by a new connection gets a row of its own.
 * - **Both ends on this host** (loopback, namespaces): a session is reported once per end. A
 *   session from the other end whose lifetime overlaps the row's joins it; both count in `sessions`.
 * - **Owner**: pid, comm, bytes and lifetime come from the session of the end the row shows first; when
 *   only the other end's session was reported, the row turns to show that end first. Without a session (or
 *   one without a pid), pid and comm come from the retransmits and drops when every non-zero pid they
 *   printed is the same one (pid 0 is softirq and names nobody); otherwise there is none.
 * - **A count printed when a tool stopped** (a `latest` flow event) adds to the pair's open row,
 *   else to its latest row.
 * - **Bounded**: at most maxFlows rows. When a new row needs room, the least active tenth (retransmits +
 *   drops + sessions, then the oldest last event) is folded into dropped(), which keeps their counts.
 */
export class FlowJoin {
  private readonly pairs = new Map<string, Pair>();
  private readonly flows = new Set<Flow>();
  private readonly folded: FoldedFlows = { flows: 0, retransmits: 0, tlp: 0, drops: 0, sessions: 0 };
  private readonly maxFlows: number;
  private readonly top: number | undefined;
  private readonly slack: number;

  constructor(options: FlowJoinOptions = {}) {
    this.maxFlows = options.maxFlows ?? DEFAULT_MAX_FLOWS;
    if (!Number.isInteger(this.maxFlows) || this.maxFlows < 1) throw new RangeError(`maxFlows must be a positive integer, not ${this.maxFlows}`);
    this.top = options.top;
    this.slack = options.slackMs ?? SESSION_SLACK_MS;
  }

  /** Adds an event of a type some probe module joins to the flow view (its summary part's `flows`); other types are not about a connection. */
  add(event: ProbeEvent): void {
    const source = flowSources[event.type];
    if (source === undefined) return;
    if ('session' in source) this.addSession(source.session(event));
    else {
      const contribution = source.event(event);
      if (contribution !== undefined) this.addEvent(contribution);
    }
  }

  private addEvent(e: FlowEvent): void {
    const first = endpoint(e.first.addr, e.first.port);
    const second = endpoint(e.second.addr, e.second.port);
    const flow = e.latest === true ? this.latestFlow(first, second, e.ts) : this.flowAt(first, second, e.ts, e.fromSocket);
    if (e.latest === true) {
      if (e.fromSocket) flow.socketSide ??= endpointId(first);
      flow.seen(e.ts);
    }
    flow.retransmits += e.retransmits ?? 0;
    flow.tlp += e.tlp ?? 0;
    if (e.dropReason !== undefined) {
      flow.drops++;
      flow.dropsByReason.set(e.dropReason, (flow.dropsByReason.get(e.dropReason) ?? 0) + 1);
    }
    if (e.task !== undefined) flow.sawTask(e.task.pid, e.task.comm);
  }

  /** The rows, most retransmits + drops first, then most bytes; `limit` defaults to the `top` option. */
  rows(limit: number | undefined = this.top): FlowRow[] {
    const rows = [...this.flows].map((f) => f.row());
    rows.sort((a, b) => b.retransmits + b.drops - (a.retransmits + a.drops) || bytes(b) - bytes(a) || a.first_ts - b.first_ts);
    return limit === undefined ? rows : rows.slice(0, limit);
  }

  /** The rows held now (at most maxFlows). */
  get size(): number {
    return this.flows.size;
  }

  /** The flows folded away to stay within maxFlows, and the counts they held. */
  dropped(): FoldedFlows {
    return { ...this.folded };
  }

  /** The row a retransmit or drop at `ts` belongs to: a session's whose window holds ts, else the pair's open row. */
  private flowAt(a: Endpoint, b: Endpoint, ts: number, fromSocket: boolean): Flow {
    const pair = this.pairs.get(pairKey(a, b));
    const flow = (pair && this.sessionAt(pair, ts)) ?? pair?.open ?? this.newFlow(a, b, ts, true);
    if (fromSocket) flow.socketSide ??= endpointId(a);
    flow.seen(ts);
    return flow;
  }

  /** The pair's open row, else its latest, else a new one: for counts printed when a tool stopped. */
  private latestFlow(a: Endpoint, b: Endpoint, ts: number): Flow {
    const pair = this.pairs.get(pairKey(a, b));
    return pair?.open ?? pair?.done.at(-1) ?? this.newFlow(a, b, ts, true);
  }

  private sessionAt(pair: Pair, ts: number): Flow | undefined {
    for (let i = pair.done.length - 1; i >= 0; i--) if (pair.done[i]!.covers(ts, this.slack)) return pair.done[i];
    return undefined;
  }

  private addSession(event: FlowSession): void {
    const local = endpoint(event.local.addr, event.local.port);
    const remote = endpoint(event.remote.addr, event.remote.port);
    const key = pairKey(local, remote);
    const side = endpointId(local);
    const start = event.ts - event.duration_ms;
    const end = event.ts;
    let pair = this.pairs.get(key);
    let flow = pair && this.otherEnd(pair, side, start, end);
    if (flow === undefined) {
      const open = pair?.open;
      if (pair !== undefined && open !== undefined && open.last_ts >= start - this.slack && open.last_ts <= end + this.slack) {
        flow = open;
        pair.open = undefined;
        pair.done.push(flow);
      } else {
        if (pair !== undefined && open !== undefined && open.last_ts < start - this.slack) {
          pair.open = undefined; // an earlier connection's events: a row no session will close
          pair.done.push(open);
        }
        flow = this.newFlow(local, remote, event.ts, false);
      }
    }
    flow.sessions++;
    flow.start = Math.min(flow.start ?? start, start);
    flow.end = Math.max(flow.end ?? end, end);
    flow.socketSide ??= side;
    flow.seen(event.ts);
    if (!flow.owners.has(side))
      flow.owners.set(side, { pid: event.pid, comm: event.comm, duration_ms: event.duration_ms, tx_kb: event.tx_kb, rx_kb: event.rx_kb });
    // The wider window may now hold the events that waited in the open row.
    pair = this.pairs.get(key);
    const open = pair?.open;
    if (pair !== undefined && open !== undefined && open !== flow && flow.covers(open.first_ts, this.slack) && flow.covers(open.last_ts, this.slack)) {
      flow.absorb(open);
      pair.open = undefined;
      this.flows.delete(open);
    }
  }

  /** A row closed by the other end's session of the same connection: overlapping lifetimes, another local end. */
  private otherEnd(pair: Pair, side: string, start: number, end: number): Flow | undefined {
    for (let i = pair.done.length - 1; i >= 0; i--) {
      const flow = pair.done[i]!;
      if (flow.start === undefined || flow.end === undefined || flow.owners.has(side)) continue;
      if (flow.start - this.slack <= end && start <= flow.end + this.slack) return flow;
    }
    return undefined;
  }

  private newFlow(a: Endpoint, b: Endpoint, ts: number, open: boolean): Flow {
    if (this.flows.size >= this.maxFlows) this.fold();
    const key = pairKey(a, b);
    const flow = new Flow(key, a, b, ts, ts);
    let pair = this.pairs.get(key);
    if (pair === undefined) this.pairs.set(key, (pair = { open: undefined, done: [] }));
    if (open) pair.open = flow;
    else pair.done.push(flow);
    this.flows.add(flow);
    return flow;
  }

  /** Folds the least active tenth of the rows into `folded` (a tenth at a time keeps adding cheap once full). */
  private fold(): void {
    const victims = [...this.flows].sort((x, y) => activity(x) - activity(y) || x.last_ts - y.last_ts).slice(0, Math.max(1, Math.floor(this.maxFlows / 10)));
    for (const flow of victims) {
      this.folded.flows++;
      this.folded.retransmits += flow.retransmits;
      this.folded.tlp += flow.tlp;
      this.folded.drops += flow.drops;
      this.folded.sessions += flow.sessions;
      this.flows.delete(flow);
      const pair = this.pairs.get(flow.key)!;
      if (pair.open === flow) pair.open = undefined;
      else pair.done.splice(pair.done.indexOf(flow), 1);
      if (pair.open === undefined && pair.done.length === 0) this.pairs.delete(flow.key);
    }
  }
}
