// A runbook's parameters: each typed and checked (from its default or from --set), then filled in as whole values.
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { commSchema, filtersSchema } from '../plan/filters.js';
import { ifaceSchema } from '../plan/iface.js';
import { PARAMETER_REF, type ParameterType, type RunbookDocument } from './schema.js';
import type { Path, RunbookSource } from './source.js';

export type ParameterValue = string | number;
/** Every declared parameter's value; undefined when it has no default and none was set. */
export type Parameters = ReadonlyMap<string, ParameterValue | undefined>;

/** The same checks probectl's own filters and settings apply: a value that passes cannot change any program. */
const valueSchemas: Record<ParameterType, z.ZodMiniType<ParameterValue, unknown>> = {
  port: filtersSchema.shape.port.def.innerType,
  pid: filtersSchema.shape.pid.def.innerType,
  comm: commSchema,
  address: z.union([z.ipv4(), z.ipv6()], { error: () => 'must be an IPv4 or IPv6 address' }),
  iface: ifaceSchema,
  number: z.number({ error: () => 'must be a number' }).check(z.gte(0, 'must not be negative')),
};

/** Numbers arrive from --set as text: only plain decimals are read as numbers (no 1e3, no 0x10, no blanks). */
const NUMERIC: Partial<Record<ParameterType, string>> = {
  port: 'must be a port from 1 to 65535',
  pid: 'must be a process id (1 or more)',
  number: 'must be a number (digits, with an optional decimal point)',
};

function checkValue(type: ParameterType, value: unknown): { value: ParameterValue } | { problem: string } {
  const numeric = NUMERIC[type];
  if (numeric !== undefined && typeof value === 'string') {
    if (!/^\d+(\.\d+)?$/.test(value)) return { problem: numeric };
    value = Number(value);
  }
  const result = valueSchemas[type].safeParse(value);
  return result.success ? { value: result.data } : { problem: result.error.issues[0]?.message ?? `must be a ${type}` };
}

type Declaration = RunbookDocument['parameters'][string];

/** The declared range, in words: "from 0 to 1", "at least 0", "at most 1". */
export function rangeWords({ min, max }: Pick<Declaration, 'min' | 'max'>): string | undefined {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return undefined;
}

/** A value checked as its type, then against the range its declaration gives. */
function checkDeclared(declaration: Declaration, value: unknown): { value: ParameterValue } | { problem: string } {
  const checked = checkValue(declaration.type, value);
  if ('problem' in checked || typeof checked.value !== 'number') return checked;
  const { min, max } = declaration;
  if ((min !== undefined && checked.value < min) || (max !== undefined && checked.value > max))
    return { problem: `must be ${rangeWords(declaration)} (the runbook's range for it)` };
  return checked;
}

/** `--set key=value`, repeatable, into a map; a key given twice is refused. */
export function parseSets(sets: readonly string[]): Map<string, string> {
  const parsed = new Map<string, string>();
  for (const set of sets) {
    const eq = set.indexOf('=');
    const key = eq < 0 ? set : set.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new ProbectlError('USAGE', `--set ${set}: expected NAME=VALUE.`, 'For example: --set port=5001.');
    if (parsed.has(key)) throw new ProbectlError('USAGE', `--set ${key} is given twice.`, 'Give each parameter once.');
    parsed.set(key, set.slice(eq + 1));
  }
  return parsed;
}

/** Each declared parameter's checked value: --set first, else its default. */
export function resolveParameters(source: RunbookSource, declared: RunbookDocument['parameters'], sets: ReadonlyMap<string, string>): Parameters {
  const names = Object.keys(declared);
  for (const key of sets.keys())
    if (!(key in declared))
      throw new ProbectlError(
        'USAGE',
        `--set ${key}: ${source.file} declares no parameter ${key}.`,
        names.length > 0 ? `Its parameters: ${names.join(', ')}.` : 'This runbook takes no parameters.',
      );
  const values = new Map<string, ParameterValue | undefined>();
  for (const [name, declaration] of Object.entries(declared)) {
    const { type, default: fallback } = declaration;
    const set = sets.get(name);
    if (set !== undefined) {
      const checked = checkDeclared(declaration, set);
      if ('problem' in checked)
        throw new ProbectlError(
          'USAGE',
          `--set ${name}=${JSON.stringify(set)}: ${name} ${checked.problem}.`,
          `${name} is a parameter of type ${type}; see the runbook's parameters.`,
        );
      values.set(name, checked.value);
    } else if (fallback !== undefined) {
      const checked = checkDeclared(declaration, fallback);
      if ('problem' in checked) throw source.error(['parameters', name, 'default'], checked.problem);
      values.set(name, checked.value);
    } else values.set(name, undefined);
  }
  return values;
}

export const UNSET = Symbol('unset');

/**
 * A value with its parameter filled in: the value itself when it names none, UNSET when it names a parameter that has
 * no value (the filter or condition holding it is left out). Text that holds `${` without being one whole reference is refused.
 */
export function fill<T>(source: RunbookSource, parameters: Parameters, value: T, path: Path): T | ParameterValue | typeof UNSET {
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const ref = PARAMETER_REF.exec(value);
  if (ref === null) throw source.error(path, `holds "${value}": a parameter must be the whole value, as in "\${port}"`);
  const name = ref[1]!;
  if (!parameters.has(name)) throw source.error(path, `names \${${name}}, which the runbook does not declare under parameters`);
  return parameters.get(name) ?? UNSET;
}
