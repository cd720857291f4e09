// Plain words for the problems zod finds where a schema gives none of its own, so that zod's wording ("Invalid input: expected number, received NaN") never reaches a user.
import type * as z from '../events/zod.js';

/** What a value expects, by its key, in words ("a process id (a whole number from 1)"). */
export type Expected = Readonly<Record<string, string>>;

const typeWords: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'given without a value',
  array: 'a list',
  object: 'a mapping (key: value)',
};

/** For zod's per-parse `error` option: used only where the schema did not word the problem itself. */
export function zodWords(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'boolean' ? 'takes no value' : `must be ${typeWords[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'above' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'below' : 'at most'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `does not take ${issue.keys.join(', ')}`;
    default:
      return 'is not a value it takes';
  }
}

/** `pushInterval` → `--push-interval`: the option as the user typed it. */
export const flagOf = (key: PropertyKey): string => `--${String(key).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;

/**
 * schema.safeParse in probectl's words: zodWords where the schema words nothing itself, and there, for a key with an
 * expectation, `must be <expectation>` instead (the schema's own words, as "must be below 2^32", are kept).
 */
export function parseInWords<S extends z.ZodMiniType>(schema: S, value: unknown, expected: Expected = {}): z.util.SafeParseResult<z.output<S>> {
  const unworded = new Set<string>();
  const result = schema.safeParse(value, {
    // Checked once: compiling zod's fast path for an object's shape (new Function) would cost more than it saves.
    jitless: true,
    error: (issue) => {
      const words = zodWords(issue);
      unworded.add(words);
      return words;
    },
  });
  if (!result.success)
    for (const issue of result.error.issues) {
      const wanted = expected[String(issue.path[0])];
      if (wanted !== undefined && unworded.has(issue.message)) (issue as { message: string }).message = `must be ${wanted}`;
    }
  return result;
}
