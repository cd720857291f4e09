// biolatency's own options (--interval, --per-device, --queued), checked by zod.
import * as z from '../../events/zod.js';
import { intervalOption, intervalSchema, type ProbeOptions } from '../../plan/probe-options.js';

export const biolatencyOptionsSchema = z.strictObject({
  interval: intervalSchema,
  perDevice: z._default(z.boolean(), false),
  queued: z._default(z.boolean(), false),
});
export type BiolatencyOptions = z.infer<typeof biolatencyOptionsSchema>;

export const biolatencyOptions: ProbeOptions = {
  schema: biolatencyOptionsSchema,
  flags: [
    intervalOption,
    { key: 'perDevice', flag: '--per-device', help: 'a latency histogram per disk instead of one for all' },
    { key: 'queued', flag: '--queued', help: "include the time a request waits in the kernel's queue (from insertion, not issue)" },
  ],
};
