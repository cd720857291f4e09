// syscount's own options (--interval, --per-process, --latency), checked by zod.
import { z } from 'zod';
import type { ProbeOptions } from '../../plan/probe-options.js';

export const syscountOptionsSchema = z.strictObject({
  /** Seconds between reports: whole seconds, as libbpf-tools' and BCC's syscount take them. */
  interval: z.coerce
    .number({ error: () => 'must be a whole number of seconds' })
    .int('must be a whole number of seconds for syscount')
    .min(1, 'must be at least 1 s')
    .max(3600, 'must be at most 3600 s')
    .default(1),
  perProcess: z.boolean().default(false),
  latency: z.boolean().default(false),
});
export type SyscountOptions = z.infer<typeof syscountOptionsSchema>;

export const syscountOptions: ProbeOptions = {
  schema: syscountOptionsSchema,
  flags: [
    { key: 'interval', flag: '--interval <s>', help: 'seconds between reports (default 1)' },
    { key: 'perProcess', flag: '--per-process', help: 'count per process (with libbpf-tools and BCC: per process instead of per call)' },
    { key: 'latency', flag: '--latency', help: 'also add up the time spent in the calls' },
  ],
};
