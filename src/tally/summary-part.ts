// What a probe module adds to the summary: a tally with one handler per event type, its part of the report, and that part as sections.
import type { EventOf, EventType } from '../events/index.js';
import type { FlowSource } from './flow-contribution.js';
import type { FlowKey, FlowRow } from './flow-row.js';
import type { Section } from './section.js';

/**
 * Each module's part of the summary report, under its key in the JSON. A module's summary.ts adds its own by
 * declaration merging: `declare module '../../tally/summary-part.js' { interface SummaryReports { opens: OpenReport } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface SummaryReports {}

export type ReportKey = keyof SummaryReports & string;

/** One handler per event type: a part whose module has an event type without a handler does not compile. */
export type EventHandlers<T extends EventType> = { readonly [K in T]: (event: EventOf<K>) => void };

export interface ReportContext {
  /** Rows in each top list. */
  top: number;
  /** The flow view's row of a connection that was live at `ts`, for the parts that show what was joined to it. */
  flowAt: (key: FlowKey, ts: number) => FlowRow | undefined;
}

export interface SummaryTally<T extends EventType, K extends ReportKey> {
  readonly handlers: EventHandlers<T>;
  report(context: ReportContext): SummaryReports[K];
  /** Its bounded lists that overflowed, by their path in the report ("drops.by_reason"): their counts are lower bounds. */
  approximate(): string[];
  /** Keys its bounded lists hold now: stays under their caps, whatever the input. */
  trackedKeys(): number;
}

export interface SummaryPart<T extends EventType = EventType, K extends ReportKey = ReportKey> {
  /** Its report's key in the summary JSON. */
  readonly key: K;
  tally(options: { top: number }): SummaryTally<T, K>;
  /** Its report as the summary's sections (the terminal's, a runbook's `print:`); none when it saw nothing. */
  sections(report: SummaryReports[K]): Section[];
  /** Its report as the runbook reports' sections (HTML, Markdown): shorter, lower-case headings. */
  reportSections?(report: SummaryReports[K]): Section[];
  /** How its event types join the flow view of TCP connections. */
  readonly flows?: { readonly [E in T]?: FlowSource<EventOf<E>> };
}
