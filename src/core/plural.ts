// Counts with their nouns, singular for exactly one ("1 event", "3 warnings"): the one way user-facing text counts things.
import type { DiagnosticLevel } from '../events/tool.js';

/** `3 events`, `1 event`; `shown` formats the number (the summary groups thousands). */
export function plural(n: number, one: string, many = `${one}s`, shown: (n: number) => string = String): string {
  return `${shown(n)} ${n === 1 ? one : many}`;
}

/** The nouns of the plural units a measure may carry, and their singular. */
const SINGULAR_UNITS: Readonly<Record<string, string>> = {
  events: 'event',
  packets: 'packet',
  bytes: 'byte',
  retransmits: 'retransmit',
  drops: 'drop',
  sessions: 'session',
  opens: 'open',
};

/** A unit for a value: "packets" for 2, "packet" for 1, "events/s" for 1 too (a rate keeps its plural); other units as they are. */
export function unitFor(n: number, unit: string): string {
  return n === 1 ? (SINGULAR_UNITS[unit] ?? unit) : unit;
}

/** A diagnostic level as a noun: "2 warnings", "1 error", "3 unparsed lines", "2 info" (as the level is named). */
const LEVEL_NOUNS: Record<DiagnosticLevel, [string, string]> = {
  info: ['info', 'info'],
  warning: ['warning', 'warnings'],
  error: ['error', 'errors'],
  unparsed: ['unparsed line', 'unparsed lines'],
};

export function levelCount(n: number, level: string, shown: (n: number) => string = String): string {
  const [one, many] = Object.hasOwn(LEVEL_NOUNS, level) ? LEVEL_NOUNS[level as DiagnosticLevel] : [level, level];
  return plural(n, one, many, shown);
}
