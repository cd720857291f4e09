// Schema of syscall.count: how many times one system call (or one process's calls) returned in one interval, and how many failed.
import * as z from '../../events/zod.js';
import { envelopeShape, pid, toolTime } from '../../events/envelope.js';

const count = z.number().check(z.int(), z.nonnegative());

export const syscallCountSchema = z.strictObject({
  type: z.literal('syscall.count'),
  ...envelopeShape,
  /** The wall-clock line the stock tools print before each table (HH:MM:SS). */
  time: z.optional(toolTime),
  /** The interval the counts cover, in milliseconds (probectl's program measures it; its last one is the part before the stop). */
  interval_ms: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** Counted per process (--per-process, -P), or only that process (syscount.bt's processes). */
  pid: z.optional(pid),
  comm: z.optional(z.string()),
  /** The call's name: from this machine's table (probectl's program), or as the tool printed it. Absent when counted per process only. */
  syscall: z.optional(z.string().check(z.minLength(1))),
  /** The call's number on this architecture (raw_syscalls' id), where the tool printed it. */
  nr: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** Calls that returned in the interval (exit and exit_group never do). */
  count,
  /** Of those, the calls that returned an error (a negative value); present where the tool tells. */
  errors: z.optional(count),
  /** Time spent in those calls, entry to return (--latency, -L). */
  total_ns: z.optional(count),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'syscall.count': typeof syscallCountSchema;
  }
}
