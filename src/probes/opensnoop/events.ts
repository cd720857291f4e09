// Schema of file.open: one open/openat/openat2 call as opensnoop reported it.
import * as z from '../../events/zod.js';
import { envelopeShape, pid, toolTime, elapsedSeconds } from '../../events/envelope.js';

export const fileOpenSchema = z.strictObject({
  type: z.literal('file.open'),
  ...envelopeShape,
  time: z.optional(toolTime),
  elapsed_s: z.optional(elapsedSeconds),
  /** Present when the tool printed a PID column. */
  pid: z.optional(pid),
  /** The thread id: instead of pid when the tool printed a TID column (bcc opensnoop -t), beside it from probectl's opensnoop.bt. */
  tid: z.optional(pid),
  comm: z.string(),
  fd: z.number().check(z.int(), z.gte(-1)),
  /** 0 on success, else the positive errno. */
  errno: z.number().check(z.int(), z.nonnegative()),
  path: z.string(),
  uid: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** open(2) flags, printed in octal by the tools. */
  flags: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** Creation mode; absent when the tool printed n/a. */
  mode: z.optional(z.number().check(z.int(), z.nonnegative())),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'file.open': typeof fileOpenSchema;
  }
}
