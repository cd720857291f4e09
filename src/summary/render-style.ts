// Colour for the summary: on a terminal only, never into a pipe or a file, never when NO_COLOR is set.
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';

/**
 * The chalk level for a stream: 0 unless it is a TTY and NO_COLOR is unset (or empty, as no-color.org
 * reads it); then what chalk finds the terminal supports (none for TERM=dumb or FORCE_COLOR=0).
 */
export function colorLevel(out: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 {
  if (out.isTTY !== true || (env.NO_COLOR ?? '') !== '') return 0;
  return supportsColor === false ? 0 : supportsColor.level;
}

export interface Style {
  title: (text: string) => string;
  heading: (text: string) => string;
  dim: (text: string) => string;
  good: (text: string) => string;
  bad: (text: string) => string;
  warn: (text: string) => string;
}

export function styleFor(level: 0 | 1 | 2 | 3): Style {
  const c: ChalkInstance = new Chalk({ level });
  return { title: c.bold, heading: c.dim, dim: c.dim, good: c.green, bad: c.red, warn: c.yellow };
}
