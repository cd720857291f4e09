// Turns the user's filters into guards at the `// probectl:filter` lines of a bpftrace script.
import { ProbectlError } from '../core/errors.js';
import { FILTER_NAMES, givenFilters, type FilterName, type Filters } from './filters.js';

/**
 * A slot line names the filters that may go there and the script variables each one tests:
 *   // probectl:filter pid($pid) comm($comm) port($lport,$rport) family($family)
 * The generator replaces it with one guard, `if (!(<tests joined by &&>)) { return; }`, or drops it
 * when none of its filters was given.
 */
const SLOT = /^([ \t]*)\/\/ probectl:filter((?: +[a-z]+\(\$[a-z_]+(?:,\$[a-z_]+)*\))+) *$/;
const ENTRY = /([a-z]+)\(([^)]*)\)/g;

interface Slot {
  indent: string;
  /** filter → the variables it tests, in the slot's order. */
  entries: Map<FilterName, string[]>;
}

function parseSlot(line: string): Slot | undefined {
  const m = SLOT.exec(line);
  if (m === null) return undefined;
  const entries = new Map<FilterName, string[]>();
  for (const [, name, vars] of m[2]!.matchAll(ENTRY)) {
    if (!FILTER_NAMES.includes(name as FilterName)) throw new Error(`unknown filter "${name}" in a probectl:filter line: ${line.trim()}`);
    entries.set(name as FilterName, vars!.split(','));
  }
  return { indent: m[1]!, entries };
}

/** The filters a script's slots accept. */
export function slotFilters(script: string): Set<FilterName> {
  const names = new Set<FilterName>();
  for (const line of script.split('\n')) for (const name of parseSlot(line)?.entries.keys() ?? []) names.add(name);
  return names;
}

/**
 * One test, from values filtersSchema has validated: numbers as decimal integers, comm as a quoted
 * literal of its safe characters (letters, digits, _ . : / + -). Anything else is refused here too.
 */
function test(name: FilterName, vars: string[], filters: Filters): string {
  const value = filters[name];
  if (name === 'failed') return `${vars[0]} != 0`;
  if (name === 'comm') {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_.:/+-]{1,15}$/.test(value))
      throw new ProbectlError(
        'USAGE',
        `invalid filter: comm ${JSON.stringify(value)} is not a checked task name.`,
        'Give --comm as at most 15 letters, digits or _ . : / + -.',
      );
    return `${vars[0]} == "${value}"`;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new ProbectlError('USAGE', `invalid filter: ${name} ${JSON.stringify(value)} is not a checked number.`, 'Check the filter with filtersSchema first.');
  return vars.map((v) => `${v} == ${value}`).join(' || ');
}

/** Tests joined by &&, an alternative (port: either end) in parentheses when it has company. */
function conjunction(tests: string[]): string {
  return tests.length === 1 ? tests[0]! : tests.map((t) => (t.includes(' || ') ? `(${t})` : t)).join(' && ');
}

/** The script with every slot filled or dropped; refuses a filter that no slot accepts. */
export function fillFilterSlots(script: string, filters: Filters): string {
  const wanted = givenFilters(filters);
  const accepted = slotFilters(script);
  const refused = wanted.filter((name) => !accepted.has(name));
  if (refused.length > 0)
    throw new ProbectlError(
      'UNSUPPORTED_FILTER',
      `this bpftrace program cannot filter by ${refused.map((n) => `--${n}`).join(', ')}.`,
      `Its filters: ${[...accepted].map((n) => `--${n}`).join(', ') || 'none'}.`,
    );
  const out: string[] = [];
  for (const line of script.split('\n')) {
    const slot = parseSlot(line);
    if (slot === undefined) {
      out.push(line);
      continue;
    }
    const tests = wanted.filter((name) => slot.entries.has(name)).map((name) => test(name, slot.entries.get(name)!, filters));
    if (tests.length > 0) out.push(`${slot.indent}if (!(${conjunction(tests)})) { return; }`);
  }
  return out.join('\n');
}
