// Schema of fleet.host: one host's state in a fleet run (connecting, ready, failed, stopped), why it failed, its backend and clock offset.
import * as z from './zod.js';
import { backends } from './probe.js';
import { envelopeShape } from './envelope.js';

export const fleetHostStates = ['connecting', 'ready', 'failed', 'stopped'] as const;
export const fleetFailureReasons = ['unreachable', 'auth', 'host-key', 'privilege', 'no-backend', 'attach', 'lost-connection', 'straggler'] as const;
export type FleetFailureReason = (typeof fleetFailureReasons)[number];

export const fleetHostSchema = z.strictObject({
  type: z.literal('fleet.host'),
  ...envelopeShape,
  state: z.enum(fleetHostStates),
  /** Why it failed, as a class a script can act on. */
  reason: z.optional(z.enum(fleetFailureReasons)),
  /** What happened, in a sentence: the error for failed. */
  message: z.optional(z.string()),
  /** The backends its probes run on, once planned. */
  backend: z.optional(z.array(z.enum(backends))),
  /** Its clock minus this one's, measured at connect against the round trip's midpoint, and again every --clock-interval. */
  clock_offset_ms: z.optional(z.number()),
  /** How many times the offset has been measured so far. */
  clock_measures: z.optional(z.number().check(z.int(), z.positive())),
});
