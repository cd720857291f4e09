// Numbers as options give them: as text (commander's) or as numbers (the library's), each way they can fail told in words.
import * as z from '../events/zod.js';

/** A number of seconds; the caller adds its bounds, each in its own words. */
export const secondsOption = () => z.coerce.number({ error: () => 'must be a number of seconds' });

export interface WholeNumberWords {
  /** Not a number at all ("abc"). Without it, zod's own problem, which the commands word with zodWords (zod-words.ts). */
  notNumber?: string;
  /** A number with a fraction. */
  notWhole: string;
  /** Under the least allowed. */
  below: string;
  /** Over the most allowed. */
  above: string;
}

/** A whole number between two bounds. The checks run in that order, and an option is told the first one it fails. */
export function wholeNumber(min: number, max: number, words: WholeNumberWords) {
  const { notNumber } = words;
  const number = notNumber === undefined ? z.coerce.number() : z.coerce.number({ error: () => notNumber });
  return number.check(z.int(words.notWhole), z.gte(min, words.below), z.lte(max, words.above));
}
