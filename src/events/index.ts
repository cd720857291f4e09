// The events every probe shares (the envelope, lost events, diagnostics, probe status) and the types of all events.
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

export type { EventSchemas, EventType, EventOf, ProbeEvent, EventBody, TypesOf } from './event-types.js';
export { sourceSchema, type Source, type Implementation } from './envelope.js';
export * from './tool.js';
export * from './probe.js';
export * from './fleet.js';
