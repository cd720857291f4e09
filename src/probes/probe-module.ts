// One probe as one module: everything that is the probe's own, in one object that its entry (probe-entry.ts) loads.
import type * as z from '../events/zod.js';
import type { ToolParser } from '../core/layout.js';
import type { TraitsOf } from '../events/event-traits.js';
import type { EventType, TypesOf } from '../events/index.js';
import type { MetricsPart } from '../tally/metrics-part.js';
import type { SummaryPart } from '../tally/summary-part.js';

/** A module's event types, each with its schema. */
export type ModuleEvents = Partial<Record<EventType, z.ZodMiniObject>>;

export interface ProbeModule<S extends ModuleEvents = ModuleEvents, N extends string = string> {
  /** The name `probectl parse` and `probectl run` take; its index.ts adds it to ParserNames, which plans name parsers by. */
  readonly name: N;
  /** The event types its parser produces, besides the tool.* diagnostics every tool may print. */
  readonly events: S;
  /** Every output layout of its tools. */
  readonly parser: ToolParser;
  /** Its part of the summary: a tally with a handler for each of its event types, its report, and that report as sections. */
  readonly summary?: SummaryPart<TypesOf<S>>;
  /** Its Prometheus series, with a handler for each of its event types; absent, its events only count in probectl_events_total. */
  readonly metrics?: MetricsPart<TypesOf<S>>;
  /** What the sinks and runbooks know of its event types beyond their schemas: the connection's fields, xctl records. */
  readonly traits?: TraitsOf<TypesOf<S>>;
  /** What it may leave in the kernel when killed outright: `doctor` reports it and `doctor --fix` removes it. */
  readonly leftovers?: Leftovers;
}

export interface Leftovers {
  /** One line for each thing left behind. */
  find(): Promise<string[]>;
  /** Removes them: one line for each, saying what was done or why it could not be. */
  remove(): Promise<string[]>;
  /** What --fix says when there is nothing to remove. */
  none: string;
}

/** Declares a module with its event types kept literal, so that everything keyed by them is checked for completeness. */
export function defineProbe<const S extends ModuleEvents, const N extends string>(module: ProbeModule<S, N>): ProbeModule<S, N> {
  return module;
}
