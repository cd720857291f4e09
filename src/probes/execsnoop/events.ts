// Schema of process.exec: one execve() or execveat() call as execsnoop reported it.
import * as z from '../../events/zod.js';
import { elapsedSeconds, envelopeShape, pid, toolTime } from '../../events/envelope.js';

export const processExecSchema = z.strictObject({
  type: z.literal('process.exec'),
  ...envelopeShape,
  /** The tool's wall clock (-T: HH:MM:SS; newer execsnoop.bt: HH:MM:SS.micro). */
  time: z.optional(toolTime),
  /** Seconds since the tool started (-t), or milliseconds / 1000 since bpftrace started (execsnoop.bt 0.17). */
  elapsed_s: z.optional(elapsedSeconds),
  uid: z.optional(z.number().check(z.int(), z.nonnegative())),
  pid,
  /** The parent's pid; absent where the tool printed none (execsnoop.bt 0.17, early BCC) or "?" (BCC, when the parent had gone). */
  ppid: z.optional(pid),
  /** The task name after the call: the new program's on success, the caller's when the call failed. execsnoop.bt prints none. */
  comm: z.optional(z.string()),
  /** The path the call was given (probectl's program only: the stock tools print it in place of argv[0]). */
  filename: z.optional(z.string()),
  /**
   * The arguments. With args_joined, one string: the tool's text, where a space may separate two arguments or sit inside
   * one (libbpf-tools and BCC without -q, execsnoop.bt); probectl never splits such text.
   */
  args: z.array(z.string()),
  args_joined: z.optional(z.literal(true)),
  /** Some arguments, or some of an argument's bytes, were cut by the tool's limits (count, length) or lost. */
  args_truncated: z.optional(z.literal(true)),
  /** The call's return value: 0, or -errno. Absent where the tool printed none (execsnoop.bt). */
  retval: z.optional(z.number().check(z.int())),
  /** Present when the call failed: the positive errno. */
  errno: z.optional(z.number().check(z.int(), z.positive())),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'process.exec': typeof processExecSchema;
  }
}
