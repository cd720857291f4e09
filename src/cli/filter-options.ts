// The filters as run and fleet run take them: text from commander, then checked by filtersSchema in probectl's words.
import * as z from '../events/zod.js';
import { expectedFilters } from '../api/filter-words.js';
import { FILTER_NAMES, type Filters, filtersSchema } from '../plan/filters.js';
import { checkedOptions } from './options.js';

/** Spread into a command's option schema: the filters arrive as text and are checked by filtersSchema itself. */
export const filterOptionsShape = {
  pid: z.optional(z.string()),
  comm: z.optional(z.string()),
  port: z.optional(z.string()),
  lport: z.optional(z.string()),
  rport: z.optional(z.string()),
  family: z.optional(z.string()),
  failed: z.optional(z.boolean()),
};

type GivenFilters = { [K in keyof typeof filterOptionsShape]?: z.infer<(typeof filterOptionsShape)[K]> };

/** The filters the user gave, checked; a bad one is a usage error naming its flag. */
export function checkedFilters(options: GivenFilters): Filters {
  const given = Object.fromEntries(FILTER_NAMES.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
  return checkedOptions(filtersSchema, given, expectedFilters);
}
