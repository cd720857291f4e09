// Schema of file.open: one open/openat/openat2 call as opensnoop reported it.
import { z } from 'zod';
import { envelopeShape, pid, toolTime, elapsedSeconds } from '../../events/envelope.js';

export const fileOpenSchema = z.strictObject({
  type: z.literal('file.open'),
  ...envelopeShape,
  time: toolTime.optional(),
  elapsed_s: elapsedSeconds.optional(),
  /** Present when the tool printed a PID column. */
  pid: pid.optional(),
  /** The thread id: instead of pid when the tool printed a TID column (bcc opensnoop -t), beside it from probectl's opensnoop.bt. */
  tid: pid.optional(),
  comm: z.string(),
  fd: z.number().int().min(-1),
  /** 0 on success, else the positive errno. */
  errno: z.number().int().nonnegative(),
  path: z.string(),
  uid: z.number().int().nonnegative().optional(),
  /** open(2) flags, printed in octal by the tools. */
  flags: z.number().int().nonnegative().optional(),
  /** Creation mode; absent when the tool printed n/a. */
  mode: z.number().int().nonnegative().optional(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'file.open': typeof fileOpenSchema;
  }
}
