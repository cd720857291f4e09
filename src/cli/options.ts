// Checks a command's options with its zod schema and turns a failure into one clear usage error, in probectl's words, never zod's.
import type * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { optionsHint } from '../core/options-hint.js';
import { type Expected, flagOf, parseInWords } from '../core/zod-words.js';

export function checkedOptions<S extends z.ZodMiniType>(schema: S, raw: unknown, expected: Expected = {}): z.infer<S> {
  const result = parseInWords(schema, raw, expected);
  if (result.success) return result.data;
  // One problem an option: its first (a value below two minimums is told the first).
  const byOption = new Map<string, string>();
  for (const issue of result.error.issues) {
    const option = issue.path[0] === undefined ? 'options' : flagOf(issue.path[0]);
    if (!byOption.has(option)) byOption.set(option, `${option} ${issue.message}`);
  }
  const problems = [...byOption.values()];
  throw new ProbectlError('USAGE', `invalid option: ${problems.join('; ')}.`, optionsHint());
}
