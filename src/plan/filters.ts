// The filters a user may give a probe, validated so that nothing typed can change a program's code.
import { z } from 'zod';

const port = z.coerce.number().int('must be a whole number').min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535');

/**
 * A kernel task name: at most 15 bytes, and only characters that need no quoting in any backend. The characters are
 * checked first: an option is told its first problem, and for what may be an injection that is the one to tell.
 */
export const commSchema = z
  .string()
  .min(1, 'must not be empty')
  .regex(/^[A-Za-z0-9_.:/+-]+$/, 'may hold only letters, digits and _ . : / + -')
  .max(15, 'must be at most 15 characters (the kernel keeps 15)');

export const filtersSchema = z.strictObject({
  pid: z.coerce.number().int('must be a whole number').min(1, 'must be a process id (1 or more)').max(4294967295, 'must be below 2^32').optional(),
  comm: commSchema.optional(),
  /** Either end of a connection. */
  port: port.optional(),
  lport: port.optional(),
  rport: port.optional(),
  family: z.coerce
    .number()
    .pipe(z.union([z.literal(4), z.literal(6)], { error: () => 'must be 4 or 6' }))
    .optional(),
  /** Failed calls only (for the probes whose events are calls that can fail). */
  failed: z.boolean().optional(),
});
export type Filters = z.infer<typeof filtersSchema>;
export type FilterName = keyof Filters;

export const FILTER_NAMES: readonly FilterName[] = ['pid', 'comm', 'port', 'lport', 'rport', 'family', 'failed'];

/** The filters the user gave, in FILTER_NAMES order: `failed: false` asks for nothing. */
export function givenFilters(filters: Filters): FilterName[] {
  return FILTER_NAMES.filter((name) => filters[name] !== undefined && filters[name] !== false);
}
