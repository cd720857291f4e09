// Schema of profile.stack: how often one stack was on a CPU in one interval, with its process.
import * as z from '../../events/zod.js';
import { envelopeShape, pid } from '../../events/envelope.js';

/** One frame as the tool printed it, the offset split off; an address it could not name stays in `fn` as 0x... */
export const stackFrameSchema = z.strictObject({
  fn: z.string().check(z.minLength(1)),
  /** Bytes into the function ("+43"), when printed. */
  offset: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** The binary or library (bpftrace's perf mode); absent for the kernel's frames and where the tool did not say. */
  module: z.optional(z.string().check(z.minLength(1))),
  /** The instruction address in hex without 0x (bpftrace's perf mode). */
  addr: z.optional(z.string().check(z.regex(/^[0-9a-f]+$/))),
});
export type StackFrame = z.infer<typeof stackFrameSchema>;

export const profileStackSchema = z.strictObject({
  type: z.literal('profile.stack'),
  ...envelopeShape,
  /** Absent where the tool printed none (BCC's folded output). */
  pid: z.optional(pid),
  comm: z.string(),
  /** Leaf first; empty when the sample was in user mode, or kernel stacks were not asked for. */
  kstack: z.array(stackFrameSchema),
  /** Leaf first; empty for kernel threads, or when user stacks were not asked for. */
  ustack: z.array(stackFrameSchema),
  /** Samples of this stack in the interval. */
  count: z.number().check(z.int(), z.positive()),
  /** Samples per second per CPU, where the output says (probectl's program). */
  hz: z.optional(z.number().check(z.int(), z.positive())),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'profile.stack': typeof profileStackSchema;
  }
}
