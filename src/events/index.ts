// The events every probe shares (the envelope, lost events, diagnostics, probe status) and the types of all events.
import type { CoreEventType } from './core-types.js';
import { fleetHostSchema } from './fleet.js';
import { probeStatusSchema } from './probe.js';
import { toolDiagnosticSchema, toolLostSchema } from './tool.js';

/** The event types that belong to no probe: what a tool says about itself, and probectl's probe status. */
export const coreEventSchemas = {
  'tool.lost': toolLostSchema,
  'tool.diagnostic': toolDiagnosticSchema,
  'probe.status': probeStatusSchema,
  'fleet.host': fleetHostSchema,
} as const;

/** Fails to compile when coreEventTypes (core-types.ts, which loads no zod) and these schemas name different types. */
type CoreTypesDiffer = Exclude<CoreEventType, keyof typeof coreEventSchemas> | Exclude<keyof typeof coreEventSchemas, CoreEventType>;
const coreTypesAgree: [CoreTypesDiffer] extends [never] ? true : CoreTypesDiffer = true;
void coreTypesAgree;

export { coreEventTypes, isCoreEventType, type CoreEventType } from './core-types.js';
export type { EventSchemas, EventType, EventOf, ProbeEvent, EventBody, TypesOf } from './event-types.js';
export { sourceSchema, type Source, type Implementation } from './envelope.js';
export * from './tool.js';
export * from './probe.js';
export * from './fleet.js';
