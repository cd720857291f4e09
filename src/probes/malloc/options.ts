// malloc's own options (--all, --min-age, --interval, --top, --max-allocations), checked by zod; the process is the core --pid filter.
import * as z from '../../events/zod.js';
import { secondsOption, wholeNumber } from '../../core/option-numbers.js';
import { intervalOption, intervalSchema, type ProbeOptions } from '../../plan/probe-options.js';

export const mallocOptionsSchema = z.strictObject({
  /** Every process that maps the same libc as probectl, instead of one --pid. */
  all: z._default(z.boolean(), false),
  /** Seconds an allocation must have been held to count as outstanding. */
  minAge: z._default(secondsOption().check(z.gte(0, 'must not be negative'), z.lte(86400, 'must be at most 86400 s')), 0),
  /** Seconds between reports. */
  interval: intervalSchema,
  /** Stacks reported per process and interval, the most bytes first. */
  top: z._default(
    wholeNumber(1, 1000, {
      notNumber: 'must be a whole number',
      notWhole: 'must be a whole number',
      below: 'must be at least 1',
      above: 'must be at most 1000',
    }),
    10,
  ),
  /** Live allocations tracked at once: the size of the per-allocation map (BPFTRACE_MAP_KEYS_MAX). */
  maxAllocations: z._default(
    wholeNumber(16, 1_000_000, {
      notNumber: 'must be a whole number',
      notWhole: 'must be a whole number',
      below: 'must be at least 16',
      above: 'must be at most 1000000',
    }),
    65536,
  ),
});
export type MallocOptions = z.infer<typeof mallocOptionsSchema>;

export const mallocOptions: ProbeOptions = {
  schema: mallocOptionsSchema,
  flags: [
    { key: 'all', flag: '--all', help: 'trace every process using the same libc instead of one --pid (costly: every allocation on the host)' },
    intervalOption,
    { key: 'top', flag: '--top <n>', help: 'stacks reported per process and interval (default 10)' },
    { key: 'minAge', flag: '--min-age <s>', help: 'count only allocations held at least this long (default 0)' },
    { key: 'maxAllocations', flag: '--max-allocations <n>', help: 'live allocations tracked at once (default 65536)' },
  ],
};
