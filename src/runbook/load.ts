// Reads a runbook file into a Runbook: YAML with positions, the schema, parameters, probectl's own filter checks.
import type * as z from '../events/zod.js';
import { expectedFilters } from '../api/filter-words.js';
import { ProbectlError } from '../core/errors.js';
import { type Expected, parseInWords } from '../core/zod-words.js';
import type { EventType } from '../events/index.js';
import { FILTER_NAMES, filtersSchema, type Filters } from '../plan/filters.js';
import type { ProbeSettings } from '../plan/plan.js';
import { keyOfSetting } from '../plan/probe-options.js';
import { probeDefinitions } from '../probes/probe-list.js';
import { fieldNames, fieldSchema, hasFlow, isNumeric, OWNER_FROM_FLOW } from './fields.js';
import type { AssertionSpec, Runbook, RunbookProbe } from './model.js';
import { fill, resolveParameters, UNSET, type Parameters } from './parameters.js';
import { comparisons, measures, PARAMETER_REF, runbookSchema, type AssertionDocument, type RunbookDocument } from './schema.js';
import { RunbookSource, type Path } from './source.js';
import { conditions } from './where.js';
import { wording } from './wording.js';

/** The document checked by its schema; the first problem is reported at its line and column. */
export function checkDocument(source: RunbookSource): RunbookDocument {
  const result = runbookSchema.safeParse(source.data ?? {}, { error: wording });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(runbookSchema, issue.path as Path);
    throw source.error(
      issue.path as Path,
      `is not ${issue.path.join('.') === 'probes' ? 'a probe' : 'a key here'}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      undefined,
      String(issue.keys[0]),
    );
  }
  if (issue.code === 'invalid_key') throw source.error(issue.path.slice(0, -1) as Path, issue.message, undefined, String(issue.path.at(-1)));
  throw source.error(issue.path as Path, issue.message);
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
  valueType?: z.ZodMiniType;
  keyType?: z.ZodMiniType;
  innerType?: z.ZodMiniType;
  entries?: Record<string, string>;
};

/** The keys the schema knows at a path, for the message that refuses an unknown one. */
function knownKeys(schema: z.ZodMiniType, path: Path): string[] {
  let def = (schema as unknown as { def: Def }).def;
  const step = (s: z.ZodMiniType | undefined) => (def = (s as unknown as { def: Def } | undefined)?.def ?? { type: 'unknown' });
  const unwrap = () => {
    while (def.innerType !== undefined) step(def.innerType);
  };
  for (const part of path) {
    unwrap();
    if (def.type === 'object') step(def.shape?.[String(part)]);
    else if (def.type === 'array') step(def.element);
    else if (def.type === 'record') step(def.valueType);
    else return [];
  }
  unwrap();
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'record') return Object.keys((def.keyType as unknown as { def: Def } | undefined)?.def.entries ?? {});
  return [];
}

/** Values given as text or numbers, with their parameters filled in; a parameter without a value leaves its key out. */
function filled(source: RunbookSource, parameters: Parameters, values: Record<string, unknown> | undefined, path: Path): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    const v = fill(source, parameters, value, [...path, key]);
    if (v !== UNSET) out[key] = v;
  }
  return out;
}

/** Checks a filled-in object with one of probectl's own schemas, reporting a problem where the runbook wrote it. */
function checkWith<S extends z.ZodMiniType>(
  source: RunbookSource,
  schema: S,
  value: Record<string, unknown>,
  path: Path,
  known: readonly string[],
  expected: Expected = {},
): z.infer<S> {
  const result = parseInWords(schema, value, expected);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw source.error(path, `is not one of ${known.join(', ')}`, undefined, String(issue.keys[0]));
  throw source.error([...path, ...(issue.path as Path)], issue.message);
}

/** A probe's own options, written in snake_case under its settings, checked by the probe's schema. */
function probeSettings(source: RunbookSource, parameters: Parameters, probe: string, written: Record<string, unknown> | undefined, path: Path): ProbeSettings {
  const options = probeDefinitions.find((d) => d.name === probe)?.options;
  if (options === undefined) {
    if (written !== undefined) throw source.error(path, `has settings, and ${probe} has no options of its own`, undefined, 'settings');
    return {};
  }
  const known = options.flags.map((f) => settingOf(f.key));
  const given = filled(source, parameters, written, [...path, 'settings']);
  const unknown = Object.keys(given).find((k) => !known.includes(k));
  if (unknown !== undefined) throw source.error([...path, 'settings'], `is not one of ${known.join(', ')}`, undefined, unknown);
  const byKey = Object.fromEntries(Object.entries(given).map(([k, v]) => [keyOfSetting(k), v]));
  const result = options.schema.safeParse(byKey);
  if (result.success) return { [probe]: result.data };
  const issue = result.error.issues[0]!;
  const setting = settingOf(String(issue.path[0] ?? ''));
  if (given[setting] === undefined) {
    const ref = PARAMETER_REF.exec(String(written?.[setting] ?? ''));
    if (ref !== null)
      throw new ProbectlError(
        'USAGE',
        `${source.file} gives ${probe}'s ${setting} by the parameter ${ref[1]}, which has no value.`,
        `Give it: --set ${ref[1]}=${ref[1]!.toUpperCase()}.`,
      );
    throw source.error(path, `needs settings.${setting}${options.missing === undefined ? '' : ` (${options.missing})`}`);
  }
  throw source.error([...path, 'settings', setting], issue.message);
}

/** The runbook's snake_case name of an option key: excludeDns → exclude_dns. */
const settingOf = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function probes(source: RunbookSource, parameters: Parameters, doc: RunbookDocument): RunbookProbe[] {
  return Object.entries(doc.probes).map(([probe, spec]) => {
    const path = ['probes', probe];
    const filters: Filters = checkWith(
      source,
      filtersSchema,
      filled(source, parameters, spec!.filters, [...path, 'filters']),
      [...path, 'filters'],
      FILTER_NAMES,
      expectedFilters,
    );
    const settings = probeSettings(source, parameters, probe, spec!.settings, path);
    return { probe, backend: spec!.backend ?? 'auto', filters, settings };
  });
}

function threshold(
  source: RunbookSource,
  parameters: Parameters,
  a: AssertionDocument,
  path: Path,
): { comparison: AssertionSpec['comparison']; threshold: number } {
  const comparison = comparisons.find((c) => a[c] !== undefined)!;
  const value = fill(source, parameters, a[comparison], [...path, comparison]);
  if (value === UNSET) throw source.error([...path, comparison], `names a parameter that has no value: give it a default, or --set it`);
  if (typeof value !== 'number') throw source.error([...path, comparison], `must be a number, and its parameter holds "${value}"`);
  return { comparison, threshold: value };
}

/** Names a message template may use: the keys, value, threshold, name, host (the events'), and the parameters. */
function checkMessage(source: RunbookSource, parameters: Parameters, a: AssertionDocument, by: string[] | undefined, path: Path): void {
  if (a.message === undefined) return;
  const names = new Set(['value', 'threshold', 'name', 'host', ...parameters.keys(), ...(by ?? [])]);
  if (by?.some((k) => k === 'pid' || k === 'comm')) names.add('pid').add('comm');
  for (const [, name] of a.message.matchAll(/\$\{([^}]*)\}/g))
    if (!names.has(name!)) throw source.error([...path, 'message'], `uses \${${name}}, which is none of: ${[...names].join(', ')}`);
}

function byKeys(source: RunbookSource, type: EventType, measure: string, by: AssertionDocument['by'], path: Path): string[] | undefined {
  if (by === undefined) return undefined;
  const keys = Array.isArray(by) ? by : [by];
  if (OWNER_FROM_FLOW.has(type) && keys.some((k) => k === 'pid' || k === 'comm')) {
    // The owner comes from the flow view, which counts events per connection: nothing else to split them by.
    if (keys.some((k) => k !== 'pid' && k !== 'comm'))
      throw source.error([...path, 'by'], `splits ${type} by its connection's owner: it may name pid and comm only`);
    if (measure !== 'count' && measure !== 'rate')
      throw source.error([...path, 'by'], `splits ${type} by its connection's owner, which counts events: use count or rate`);
  }
  for (const [i, key] of keys.entries()) {
    const at = Array.isArray(by) ? [...path, 'by', i] : [...path, 'by'];
    const fromOwner = OWNER_FROM_FLOW.has(type) && (key === 'pid' || key === 'comm');
    if (key === 'flow' ? !hasFlow(type) : !fromOwner && fieldSchema(type, key) === undefined)
      throw source.error(
        at,
        `cannot split ${type}: "${key}" is not one of its fields (${[...fieldNames(type), ...(hasFlow(type) ? ['flow'] : [])].join(', ')})`,
      );
  }
  return keys;
}

function assertion(source: RunbookSource, parameters: Parameters, a: AssertionDocument, index: number): AssertionSpec {
  const path = ['assertions', index];
  const measure = measures.find((m) => a[m] !== undefined)!;
  const selection = a[measure]!;
  const at = [...path, measure];
  const type = selection.type as EventType;
  const field = 'field' in selection ? selection.field : undefined;
  if (field !== undefined) {
    const schema = fieldSchema(type, field);
    if (schema === undefined || !isNumeric(schema))
      throw source.error(
        [...at, 'field'],
        `must be a numeric field of ${type} (${fieldNames(type)
          .filter((f) => isNumeric(fieldSchema(type, f)!))
          .join(', ')})`,
      );
  }
  const by = byKeys(source, type, measure, a.by, path);
  checkMessage(source, parameters, a, by, path);
  return {
    name: a.name,
    measure,
    type,
    where: conditions(source, parameters, type, selection.where, [...at, 'where']),
    ...(field !== undefined && { field }),
    ...('of' in selection && { of: conditions(source, parameters, type, selection.of, [...at, 'of']) }),
    ...(by !== undefined && { by }),
    ...(a.per !== undefined && { per: a.per }),
    ...threshold(source, parameters, a, path),
    severity: a.severity,
    ...(a.message !== undefined && { message: a.message }),
  };
}

/** A runbook from its YAML text; `sets` are the --set values. */
export function runbookFromSource(source: RunbookSource, sets: ReadonlyMap<string, string> = new Map()): Runbook {
  const doc = checkDocument(source);
  const parameters = resolveParameters(source, doc.parameters, sets);
  return {
    file: source.file,
    name: doc.name,
    ...(doc.description !== undefined && { description: doc.description }),
    parameters: Object.fromEntries([...parameters].map(([k, v]) => [k, v ?? null])),
    preflight: doc.preflight.map((c) => (typeof c === 'string' ? c : { probe: c.probe, backend: c.backend ?? 'auto' })),
    probes: probes(source, parameters, doc),
    durationS: doc.duration,
    assertions: doc.assertions.map((a, i) => assertion(source, parameters, a, i)),
    print: doc.print,
  };
}

export async function loadRunbook(file: string, sets: ReadonlyMap<string, string> = new Map()): Promise<Runbook> {
  return runbookFromSource(await RunbookSource.read(file), sets);
}
