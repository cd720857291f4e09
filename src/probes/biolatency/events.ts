// Schema of block I/O latency: one histogram per interval, for all devices or one device (or one set of request flags).
import * as z from '../../events/zod.js';
import { envelopeShape, toolTime } from '../../events/envelope.js';

export const latencyUnits = ['usecs', 'msecs'] as const;

/** One log2 bucket: inclusive integer bounds in the event's unit (bpftrace's [4, 8) is 4..7, BCC's "4 -> 7" too). */
export const latencyBucketSchema = z.strictObject({
  min: z.nullable(z.number().check(z.int())),
  max: z.nullable(z.number().check(z.int())),
  count: z.number().check(z.int(), z.nonnegative()),
});

export const blockLatencySchema = z.strictObject({
  type: z.literal('block.latency'),
  ...envelopeShape,
  /** The disk's name ("vda", "loop0"), or "all" for one histogram of every device. */
  device: z.string().check(z.minLength(1)),
  /** major:minor, where the tool printed numbers (probectl's program): the name is resolved from them on the host that parses. */
  dev: z.optional(z.string().check(z.regex(/^\d+:\d+$/))),
  /** The request flags the histogram is for ("Write", "Sync-Write"), with BCC's and libbpf-tools' -F. */
  flags: z.optional(z.string().check(z.minLength(1))),
  unit: z.enum(latencyUnits),
  /** The buckets the tool printed, lowest first. */
  buckets: z.array(latencyBucketSchema),
  /** The I/O the histogram holds: the sum of its buckets. */
  count: z.number().check(z.int(), z.nonnegative()),
  /** The time the histogram covers, where the tool says it (probectl's program measures each interval). */
  interval_ms: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** Whether the latency includes the time queued in the kernel (from insertion) or only the device's (from issue), where the tool says it. */
  queued: z.optional(z.boolean()),
  /** The tool's clock at the interval's end (-T), as printed. */
  time: z.optional(toolTime),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'block.latency': typeof blockLatencySchema;
  }
}
