// Schemas of the malloc probe's events: the stacks still holding memory, and the allocator calls, per interval.
import * as z from '../../events/zod.js';
import { envelopeShape, pid } from '../../events/envelope.js';
import { allocatorFunctions } from './functions.js';

export { allocatorFunctions, type AllocatorFunction } from './functions.js';

const count = z.number().check(z.int(), z.nonnegative());

export const memoryOutstandingSchema = z.strictObject({
  type: z.literal('memory.outstanding'),
  ...envelopeShape,
  pid,
  /** Where the allocations were made, the allocator's caller first: "symbol+offset (module)". */
  stack: z.array(z.string()),
  /** Bytes still held by allocations from this stack, made at least min_age_s ago. */
  bytes: count,
  allocations: count,
  /** 1 for the stack holding the most bytes in this report of this process. */
  rank: z.number().check(z.int(), z.positive()),
  /** What the process holds over every stack, not only the top ones. */
  total_bytes: count,
  total_allocations: count,
  min_age_s: z.number().check(z.nonnegative()),
});

export const memoryRateSchema = z.strictObject({
  type: z.literal('memory.rate'),
  ...envelopeShape,
  pid,
  function: z.enum(allocatorFunctions),
  /** Calls in the interval. */
  calls: count,
  /** Bytes asked for (allocators) or given back (free, of allocations the probe tracked) in the interval. */
  bytes: count,
  interval_ms: z.number().check(z.int(), z.positive()),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'memory.outstanding': typeof memoryOutstandingSchema;
    'memory.rate': typeof memoryRateSchema;
  }
}
