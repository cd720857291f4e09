// Schema of profile.stack: how often one stack was on a CPU in one interval, with its process.
import { z } from 'zod';
import { envelopeShape, pid } from '../../events/envelope.js';

/** One frame as the tool printed it, the offset split off; an address it could not name stays in `fn` as 0x... */
export const stackFrameSchema = z.strictObject({
  fn: z.string().min(1),
  /** Bytes into the function ("+43"), when printed. */
  offset: z.number().int().nonnegative().optional(),
  /** The binary or library (bpftrace's perf mode); absent for the kernel's frames and where the tool did not say. */
  module: z.string().min(1).optional(),
  /** The instruction address in hex without 0x (bpftrace's perf mode). */
  addr: z
    .string()
    .regex(/^[0-9a-f]+$/)
    .optional(),
});
export type StackFrame = z.infer<typeof stackFrameSchema>;

export const profileStackSchema = z.strictObject({
  type: z.literal('profile.stack'),
  ...envelopeShape,
  /** Absent where the tool printed none (BCC's folded output). */
  pid: pid.optional(),
  comm: z.string(),
  /** Leaf first; empty when the sample was in user mode, or kernel stacks were not asked for. */
  kstack: z.array(stackFrameSchema),
  /** Leaf first; empty for kernel threads, or when user stacks were not asked for. */
  ustack: z.array(stackFrameSchema),
  /** Samples of this stack in the interval. */
  count: z.number().int().positive(),
  /** Samples per second per CPU, where the output says (probectl's program). */
  hz: z.number().int().positive().optional(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'profile.stack': typeof profileStackSchema;
  }
}
