// syscount's own options (--interval, --per-process, --latency), checked by zod.
import * as z from '../../events/zod.js';
import { intervalOption, wholeIntervalSchema, type ProbeOptions } from '../../plan/probe-options.js';

export const syscountOptionsSchema = z.strictObject({
  /** Seconds between reports: whole seconds, as libbpf-tools' and BCC's syscount take them. */
  interval: wholeIntervalSchema('syscount'),
  perProcess: z._default(z.boolean(), false),
  latency: z._default(z.boolean(), false),
});
export type SyscountOptions = z.infer<typeof syscountOptionsSchema>;

export const syscountOptions: ProbeOptions = {
  schema: syscountOptionsSchema,
  flags: [
    intervalOption,
    { key: 'perProcess', flag: '--per-process', help: 'count per process (with libbpf-tools and BCC: per process instead of per call)' },
    { key: 'latency', flag: '--latency', help: 'also add up the time spent in the calls' },
  ],
};
