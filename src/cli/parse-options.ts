// parse's options: taken as commander gives them when nothing in them can fail their schema (parse-options-schema.ts),
// checked by it otherwise. zod is some 70 ms of a parse's start (docs/performance.md): a parse that checks no events
// loads it only for options the schema may refuse, and the schema then says what is wrong.
import { formats } from './formats.js';
import type { ParseOptions } from './parse-options-schema.js';

export type { ParseOptions };

const FORMATS: ReadonlySet<unknown> = new Set(formats);
const KEYS = new Set(['format', 'layout', 'probe', 'host', 'validate', 'pprof', 'folded', 'flamegraph']);

/**
 * The options as they are when the schema could not refuse them, with its defaults; undefined otherwise, and the
 * schema decides (checkedParseOptions). test/cli/parse-options.test.ts holds every options object this takes to what
 * the schema gives for it.
 */
export function plainParseOptions(raw: unknown): ParseOptions | undefined {
  if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return undefined;
  const options: Record<string, unknown> = { format: 'jsonl', validate: false };
  for (const [key, value] of Object.entries(raw)) {
    if (!KEYS.has(key)) return undefined;
    if (value === undefined) {
      if (key !== 'format' && key !== 'validate') options[key] = undefined; // the schema keeps an absent option's key
      continue;
    }
    if (
      !(key === 'format' ? FORMATS.has(value) : key === 'validate' ? typeof value === 'boolean' : typeof value === 'string' && (value !== '' || key === 'host'))
    )
      return undefined;
    options[key] = value;
  }
  return options as ParseOptions;
}

/** The options checked by their schema: a usage error in probectl's words when it refuses them. */
export async function checkedParseOptions(raw: unknown): Promise<ParseOptions> {
  const { parseOptionsSchema } = await import('./parse-options-schema.js');
  const { checkedOptions } = await import('./options.js');
  return checkedOptions(parseOptionsSchema, raw);
}
