// The event types and their TypeScript types: core's own here, each probe's added from its events.ts by
// declaration merging, so that nothing below the probe modules names a probe.
import type * as z from './zod.js';
import type { fleetHostSchema } from './fleet.js';
import type { probeStatusSchema } from './probe.js';
import type { toolDiagnosticSchema, toolLostSchema } from './tool.js';

/**
 * Event type → its zod schema. A probe module adds its own types in its events.ts:
 * `declare module '../../events/event-types.js' { interface EventSchemas { 'file.open': typeof fileOpenSchema } }`.
 */
export interface EventSchemas {
  'tool.lost': typeof toolLostSchema;
  'tool.diagnostic': typeof toolDiagnosticSchema;
  'probe.status': typeof probeStatusSchema;
  'fleet.host': typeof fleetHostSchema;
}

export type EventType = keyof EventSchemas & string;
export type EventOf<T extends EventType> = z.infer<EventSchemas[T]>;
export type ProbeEvent = { [T in EventType]: EventOf<T> }[EventType];
/** What a parser produces: the type-specific fields, before the envelope is stamped on. */
export type EventBody<T extends EventType = EventType> = T extends EventType ? Omit<EventOf<T>, 'type' | 'ts' | 'probe' | 'source' | 'host' | 'seq'> : never;
/** The event types a schema map holds. */
export type TypesOf<S> = keyof S & EventType;
