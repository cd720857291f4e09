// probectl list [--json]: every probe and backend, available here or not and why, and what auto picks.
import * as z from '../events/zod.js';
import { hostFacts } from '../host/facts-cache.js';
import { hostToolNames } from '../probes/probe-list.js';
import { formatListing, listProbes } from '../run/listing.js';
import { checkedOptions } from './options.js';

const optionsSchema = z.object({ json: z._default(z.boolean(), false) });

export async function listCommand(raw: unknown): Promise<void> {
  const options = checkedOptions(optionsSchema, raw);
  const listings = listProbes(await hostFacts({ tools: hostToolNames }));
  process.stdout.write(options.json ? JSON.stringify(listings, null, 2) + '\n' : formatListing(listings));
}
