// Schema of syscall.count: how many times one system call (or one process's calls) returned in one interval, and how many failed.
import { z } from 'zod';
import { envelopeShape, pid, toolTime } from '../../events/envelope.js';

const count = z.number().int().nonnegative();

export const syscallCountSchema = z.strictObject({
  type: z.literal('syscall.count'),
  ...envelopeShape,
  /** The wall-clock line the stock tools print before each table (HH:MM:SS). */
  time: toolTime.optional(),
  /** The interval the counts cover, in milliseconds (probectl's program measures it; its last one is the part before the stop). */
  interval_ms: z.number().int().nonnegative().optional(),
  /** Counted per process (--per-process, -P), or only that process (syscount.bt's processes). */
  pid: pid.optional(),
  comm: z.string().optional(),
  /** The call's name: from this machine's table (probectl's program), or as the tool printed it. Absent when counted per process only. */
  syscall: z.string().min(1).optional(),
  /** The call's number on this architecture (raw_syscalls' id), where the tool printed it. */
  nr: z.number().int().nonnegative().optional(),
  /** Calls that returned in the interval (exit and exit_group never do). */
  count,
  /** Of those, the calls that returned an error (a negative value); present where the tool tells. */
  errors: count.optional(),
  /** Time spent in those calls, entry to return (--latency, -L). */
  total_ns: count.optional(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'syscall.count': typeof syscallCountSchema;
  }
}
