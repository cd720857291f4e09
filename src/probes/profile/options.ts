// profile's own options (--frequency, --kernel-only, --user-only, --interval), checked by zod.
import * as z from '../../events/zod.js';
import { wholeNumber } from '../../core/option-numbers.js';
import { intervalOption, intervalSchema, type ProbeOptions } from '../../plan/probe-options.js';

export const profileOptionsSchema = z
  .strictObject({
    /** Samples per second on each CPU. */
    frequency: z._default(
      wholeNumber(1, 10_000, {
        notNumber: 'must be a whole number of samples per second',
        notWhole: 'must be a whole number of samples per second',
        below: 'must be at least 1 Hz',
        above: 'must be at most 10000 Hz',
      }),
      99,
    ),
    kernelOnly: z._default(z.boolean(), false),
    userOnly: z._default(z.boolean(), false),
    /** Seconds between prints of the stacks: bpftrace names a process's user frames only while it lives. */
    interval: intervalSchema,
  })
  .check(z.refine((o) => !(o.kernelOnly && o.userOnly), { message: 'cannot go with --user-only: give at most one of them', path: ['kernelOnly'] }));
export type ProfileOptions = z.infer<typeof profileOptionsSchema>;

export const profileOptions: ProbeOptions = {
  schema: profileOptionsSchema,
  flags: [
    { key: 'frequency', flag: '--frequency <hz>', help: 'samples per second on each CPU (default 99)' },
    { key: 'kernelOnly', flag: '--kernel-only', help: 'kernel stacks only' },
    { key: 'userOnly', flag: '--user-only', help: 'user stacks only' },
    intervalOption,
  ],
};

/** Which stacks each sample keeps, in the order the program's key holds them. */
export const stacksOf = (o: ProfileOptions): ('kernel' | 'user')[] => (o.kernelOnly ? ['kernel'] : o.userOnly ? ['user'] : ['kernel', 'user']);
