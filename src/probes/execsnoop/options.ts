// execsnoop's own option (--uid), checked by zod: a selector of this probe, not a core filter.
import * as z from '../../events/zod.js';
import { wholeNumber } from '../../core/option-numbers.js';
import type { ProbeOptions } from '../../plan/probe-options.js';

export const execsnoopOptionsSchema = z.strictObject({
  /** Only calls made by this user id. */
  uid: z.optional(
    wholeNumber(0, 4294967294, {
      notNumber: 'must be a user id (a whole number)',
      notWhole: 'must be a user id (a whole number)',
      below: 'must not be negative',
      above: 'must be below 2^32 - 1',
    }),
  ),
});
export type ExecsnoopOptions = z.infer<typeof execsnoopOptionsSchema>;

export const execsnoopOptions: ProbeOptions = {
  schema: execsnoopOptionsSchema,
  flags: [{ key: 'uid', flag: '--uid <uid>', help: 'only the calls made by this user id (the caller, before the call)' }],
};
