// Checks a command's options with its zod schema and turns a failure into one clear usage error.
import type { z } from 'zod';
import { ProbectlError } from '../core/errors.js';

export function checkedOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `--${issue.path.join('.')} ${issue.message}`).join('; ');
  throw new ProbectlError('USAGE', `invalid option: ${problems}.`, "See 'probectl help' for the options.");
}
