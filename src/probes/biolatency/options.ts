// biolatency's own options (--interval, --per-device, --queued), checked by zod.
import { z } from 'zod';
import type { ProbeOptions } from '../../plan/probe-options.js';

export const biolatencyOptionsSchema = z.strictObject({
  /** Seconds between reports, as xdpcount's --interval. */
  interval: z.coerce
    .number({ error: () => 'must be a number of seconds' })
    .min(0.1, 'must be at least 0.1 s')
    .max(3600, 'must be at most 3600 s')
    .default(1),
  perDevice: z.boolean().default(false),
  queued: z.boolean().default(false),
});
export type BiolatencyOptions = z.infer<typeof biolatencyOptionsSchema>;

export const biolatencyOptions: ProbeOptions = {
  schema: biolatencyOptionsSchema,
  flags: [
    { key: 'interval', flag: '--interval <s>', help: 'seconds between reports (default 1)' },
    { key: 'perDevice', flag: '--per-device', help: 'a latency histogram per disk instead of one for all' },
    { key: 'queued', flag: '--queued', help: "include the time a request waits in the kernel's queue (from insertion, not issue)" },
  ],
};
