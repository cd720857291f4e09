// The summary of a stream of events, built as they pass in bounded memory, whatever the stream's length.
import { coreEventSchemas, type EventType, type ProbeEvent } from '../events/index.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { probeModules } from '../probes/registry.js';
import type { FlowKey, FlowRow } from '../tally/flow-row.js';
import { endpoint, pairKey } from '../tally/flow-tuple.js';
import type { ReportKey, SummaryReports, SummaryTally } from '../tally/summary-part.js';
import { FlowJoin } from './flows.js';
import { HealthTally } from './health-tally.js';
import type { SummaryReport } from './report.js';
import { SeriesBuilder } from './series.js';

export interface SummaryOptions {
  /** Rows in each top list (default 10). */
  top?: number;
  /** The clock of a live stream: the series then runs up to now, so a quiet end shows. Absent, it ends at the last event. */
  now?: () => number;
  /** The probe modules whose parts tally their events (default: the registry's). */
  modules?: readonly ProbeModule[];
}

type Handler = (event: ProbeEvent) => void;
/** Events of a module without a summary part count in the totals and the series only. */
const countedOnly: Handler = () => {};

export class Summary {
  private readonly top: number;
  private readonly now: (() => number) | undefined;
  private total = 0;
  private readonly byType: Record<string, number> = {};
  private firstTs: number | undefined;
  private lastTs: number | undefined;
  private readonly series = new SeriesBuilder();
  /** Each module's tally, in the registry's order (the report's and the text's order). */
  private readonly parts: Array<{ key: ReportKey; tally: SummaryTally<EventType, ReportKey> }>;
  private readonly health = new HealthTally();
  private readonly flows = new FlowJoin();
  /** Every event type's handler: the core's and each module's. */
  private readonly handlers: Record<EventType, Handler>;

  constructor(options: SummaryOptions = {}) {
    const top = options.top ?? 10;
    if (!(Number.isInteger(top) && top >= 1)) throw new RangeError(`top must be a positive integer, not ${top}`);
    this.top = top;
    this.now = options.now;
    const modules = options.modules ?? probeModules;
    this.parts = modules.flatMap((m: ProbeModule) => (m.summary === undefined ? [] : [{ key: m.summary.key, tally: m.summary.tally({ top }) }]));
    const types = [...Object.keys(coreEventSchemas), ...modules.flatMap((m) => Object.keys(m.events))];
    const handlers = Object.fromEntries(types.map((type) => [type, countedOnly])) as Record<EventType, Handler>;
    for (const { tally } of this.parts) Object.assign(handlers, tally.handlers);
    this.handlers = Object.assign(handlers, this.health.handlers);
  }

  add(event: ProbeEvent): void {
    this.total++;
    this.byType[event.type] = (this.byType[event.type] ?? 0) + 1;
    if (this.firstTs === undefined || event.ts < this.firstTs) this.firstTs = event.ts;
    if (this.lastTs === undefined || event.ts > this.lastTs) this.lastTs = event.ts;
    this.series.add(event.type, event.ts);
    this.flows.add(event);
    this.handlers[event.type]?.(event);
  }

  /** Keys held by the bounded tallies (flows, reasons, processes, paths, interfaces) and rows of the flow view: stays under their caps, whatever the input. */
  get trackedKeys(): number {
    return this.parts.reduce((n, { tally }) => n + tally.trackedKeys(), this.flows.size);
  }

  /** Finds a connection's row in the flow view: the same pair of endpoints, `ts` within the row's events. */
  private flowFinder(): (key: FlowKey, ts: number) => FlowRow | undefined {
    const byPair = new Map<string, FlowRow[]>();
    for (const row of this.flows.rows(undefined)) {
      const key = pairKey(endpoint(row.laddr, row.lport), endpoint(row.raddr, row.rport));
      const rows = byPair.get(key);
      if (rows === undefined) byPair.set(key, [row]);
      else rows.push(row);
    }
    return (k, ts) => byPair.get(pairKey(endpoint(k.laddr, k.lport), endpoint(k.raddr, k.rport)))?.find((row) => row.first_ts <= ts && ts <= row.last_ts);
  }

  report(): SummaryReport {
    if (this.now !== undefined && this.total > 0) this.series.cover(this.now());
    const context = { top: this.top, flowAt: this.flowFinder() };
    const parts = Object.fromEntries(this.parts.map(({ key, tally }) => [key, tally.report(context)])) as unknown as SummaryReports;
    return {
      events: { total: this.total, by_type: { ...this.byType }, ...(this.firstTs === undefined ? {} : { first_ts: this.firstTs, last_ts: this.lastTs }) },
      series: this.series.snapshot(),
      ...parts,
      flows: this.flows.rows(this.top),
      ...this.health.report(),
      approximate: [
        ...this.parts.flatMap(({ tally }) => tally.approximate()),
        ...(this.flows.dropped().flows > 0 ? ['flows'] : []),
        ...this.health.approximate,
      ],
    };
  }
}
