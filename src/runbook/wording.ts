// Words for the zod problems a schema does not word itself: a missing key, a value of the wrong type.
import type * as z from '../events/zod.js';

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const typeNames: Record<string, string> = { object: 'mapping (key: value)', array: 'list', string: 'text' };

export const wording = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'is required' : `must be ${article(typeNames[issue.expected] ?? issue.expected)}`;
  return undefined;
};
