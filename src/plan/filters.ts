// The filters a user may give a probe, validated so that nothing typed can change a program's code.
import * as z from '../events/zod.js';
import { wholeNumber } from '../core/option-numbers.js';

const port = wholeNumber(1, 65535, { notWhole: 'must be a whole number', below: 'must be a port from 1 to 65535', above: 'must be a port from 1 to 65535' });

/**
 * A kernel task name: at most 15 bytes, and only characters that need no quoting in any backend. The characters are
 * checked first: an option is told its first problem, and for what may be an injection that is the one to tell.
 */
export const commSchema = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.regex(/^[A-Za-z0-9_.:/+-]+$/, 'may hold only letters, digits and _ . : / + -'),
    z.maxLength(15, 'must be at most 15 characters (the kernel keeps 15)'),
  );

export const filtersSchema = z.strictObject({
  pid: z.optional(wholeNumber(1, 4294967295, { notWhole: 'must be a whole number', below: 'must be a process id (1 or more)', above: 'must be below 2^32' })),
  comm: z.optional(commSchema),
  /** Either end of a connection. */
  port: z.optional(port),
  lport: z.optional(port),
  rport: z.optional(port),
  family: z.optional(z.pipe(z.coerce.number(), z.union([z.literal(4), z.literal(6)], { error: () => 'must be 4 or 6' }))),
  /** Failed calls only (for the probes whose events are calls that can fail). */
  failed: z.optional(z.boolean()),
});
export type Filters = z.infer<typeof filtersSchema>;
export type FilterName = keyof Filters;

export const FILTER_NAMES: readonly FilterName[] = ['pid', 'comm', 'port', 'lport', 'rport', 'family', 'failed'];

/** The filters the user gave, in FILTER_NAMES order: `failed: false` asks for nothing. */
export function givenFilters(filters: Filters): FilterName[] {
  return FILTER_NAMES.filter((name) => filters[name] !== undefined && filters[name] !== false);
}
