// Reads the agent's configuration file: YAML with positions, the schema, each probe's filters and options, the sinks by run's own checks.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as z from '../events/zod.js';
import { expectedFilters } from '../api/filter-words.js';
import { ProbectlError } from '../core/errors.js';
import { parseInWords, zodWords } from '../core/zod-words.js';
import { metricsOptionsShape, metricsSettings, type MetricsSettings } from '../metrics/options.js';
import { takenLabelProblem } from '../metrics/taken-labels.js';
import { otlpOptionShape, otlpSettings, type OtlpSettings } from '../otlp/options.js';
import type { BackendChoice } from '../plan/catalog.js';
import { FILTER_NAMES, type Filters, filtersSchema } from '../plan/filters.js';
import { keyOfSetting } from '../plan/probe-options.js';
import { probeDefinitions } from '../probes/probe-list.js';
import type { PublishSettings } from '../publish/jetstream-publisher.js';
import { publishOptionsShape, publishSettings } from '../publish/options.js';
import type { Grace } from '../run/stop.js';
import { RunbookSource, type Path } from '../runbook/source.js';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './backoff.js';
import { type AgentConfigDocument, agentConfigSchema, keysAt, SINK_KEYS, type SinkKey } from './config-schema.js';

export interface AgentProbe {
  probe: string;
  backend: BackendChoice;
  filters: Filters;
  /** Its own options, by option key, checked and with their defaults. */
  settings: unknown;
  /** Everything above as one text: a reload restarts the probe when it changed. */
  fingerprint: string;
}

export interface AgentConfig {
  file: string;
  host: string;
  probes: AgentProbe[];
  stdout: 'jsonl' | 'none';
  validate: boolean;
  includeSelf: boolean;
  grace?: Grace;
  restart: RestartPolicy;
  metrics?: MetricsSettings;
  otlp?: OtlpSettings;
  publish?: PublishSettings;
  /** Everything but the probes, as one text: a reload cannot change it while the agent runs. */
  fixed: string;
}

const SUGGESTION = 'See docs/agent.md for the configuration file.';

/** Reads and checks the file; the first problem is a usage error naming the file, line, column and key. */
export async function loadAgentConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProbectlError(
      'USAGE',
      `cannot read the agent configuration ${file}: ${(error as Error).message}`,
      `Give --config the path of a YAML file. ${SUGGESTION}`,
      {
        cause: error,
      },
    );
  }
  return checkAgentConfig(file, text, env);
}

export function checkAgentConfig(file: string, text: string, env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const source = RunbookSource.parse(file, text);
  const doc = checkDocument(source);
  const probes = doc.probes.map((entry, i) => checkProbe(source, entry, ['probes', i]));
  doc.probes.forEach((entry, i) => {
    const first = doc.probes.findIndex((e) => e.probe === entry.probe);
    if (first !== i) throw source.error(['probes', i, 'probe'], `names ${entry.probe} again (probes[${first}]): each probe runs once`, SUGGESTION);
  });
  const restart = {
    ...DEFAULT_RESTART_POLICY,
    ...definedOf({ initialMs: doc.restart?.initial_ms, maxMs: doc.restart?.max_ms, healthyMs: doc.restart?.healthy_ms }),
  };
  if (restart.maxMs < restart.initialMs)
    throw source.error(
      doc.restart?.max_ms === undefined ? ['restart'] : ['restart', 'max_ms'],
      `must be at least initial_ms (${restart.initialMs})`,
      SUGGESTION,
    );
  const { probes: _p, ...rest } = doc;
  return {
    file,
    host: doc.host ?? hostname(),
    probes,
    stdout: doc.stdout ?? 'jsonl',
    validate: doc.validate ?? false,
    includeSelf: doc.include_self ?? false,
    grace: doc.grace === undefined ? undefined : { int: doc.grace * 1000, term: doc.grace * 1000 },
    restart,
    ...checkSinks(source, doc, env),
    fixed: canonicalJson(rest),
  };
}

/** Zod's words where the schema has none, and "is required" for a missing key. */
const wording = (issue: z.core.$ZodRawIssue): string => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : zodWords(issue));

function checkDocument(source: RunbookSource): AgentConfigDocument {
  const result = agentConfigSchema.safeParse(source.data ?? {}, { error: wording });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path as Path;
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(path);
    return fail(source.error(path, `is not a key here${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`, SUGGESTION, String(issue.keys[0])));
  }
  throw source.error(path, issue.message, SUGGESTION);
}

const fail = (error: Error): never => {
  throw error;
};

function checkProbe(source: RunbookSource, entry: AgentConfigDocument['probes'][number], path: Path): AgentProbe {
  const definition = probeDefinitions.find((d) => d.name === entry.probe);
  if (definition === undefined)
    throw source.error([...path, 'probe'], `"${entry.probe}" is not a probe (known: ${probeDefinitions.map((d) => d.name).join(', ')})`, SUGGESTION);
  const filters = parseInWords(filtersSchema, entry.filters ?? {}, expectedFilters);
  if (!filters.success) {
    const issue = filters.error.issues[0]!;
    if (issue.code === 'unrecognized_keys')
      throw source.error([...path, 'filters'], `is not a filter (known: ${FILTER_NAMES.join(', ')})`, SUGGESTION, String(issue.keys[0]));
    throw source.error([...path, 'filters', ...(issue.path as Path)], issue.message, SUGGESTION);
  }
  const settings = probeOptions(source, definition.name, definition.options, entry.options, [...path, 'options']);
  const backend = entry.backend ?? 'auto';
  return { probe: definition.name, backend, filters: filters.data, settings, fingerprint: canonicalJson({ backend, filters: filters.data, settings }) };
}

/** options: snake_case keys (exclude_dns) for the probe's option keys (excludeDns), checked by its schema. */
function probeOptions(
  source: RunbookSource,
  probe: string,
  options: (typeof probeDefinitions)[number]['options'],
  written: Record<string, unknown> | undefined,
  path: Path,
): unknown {
  const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (options === undefined) {
    if (written !== undefined && Object.keys(written).length > 0) throw source.error(path, `are given, and ${probe} has no options of its own`, SUGGESTION);
    return undefined;
  }
  const known = options.flags.map((f) => snake(f.key));
  const unknown = Object.keys(written ?? {}).find((k) => !known.includes(k));
  if (unknown !== undefined) throw source.error(path, `is not an option of ${probe} (known: ${known.join(', ')})`, SUGGESTION, unknown);
  const byKey = Object.fromEntries(Object.entries(written ?? {}).map(([k, v]) => [keyOfSetting(k), v]));
  const result = options.schema.safeParse(byKey, { error: zodWords });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = snake(String(issue.path[0] ?? ''));
  if (written?.[key] === undefined) throw source.error(path, `needs ${key}${options.missing === undefined ? '' : ` (${options.missing})`}`, SUGGESTION);
  throw source.error([...path, key], issue.message, SUGGESTION);
}

const sinkSchema = z.strictObject({ ...metricsOptionsShape, ...otlpOptionShape, ...publishOptionsShape });
const snakeOfOption = Object.fromEntries(Object.entries(SINK_KEYS).map(([snake, key]) => [key, snake])) as Record<string, SinkKey>;

/** The sink keys, checked by run's schemas and settings; a problem worded with the file's keys instead of run's flags. */
function checkSinks(source: RunbookSource, doc: AgentConfigDocument, env: NodeJS.ProcessEnv): Pick<AgentConfig, 'metrics' | 'otlp' | 'publish'> {
  const given: Record<string, unknown> = {};
  for (const [snake, key] of Object.entries(SINK_KEYS)) if (doc[snake as SinkKey] !== undefined) given[key] = doc[snake as SinkKey];
  given.label = Object.entries(doc.labels ?? {}).map(([name, value]) => `${name}=${value}`);
  const result = parseInWords(sinkSchema, given);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0]);
    throw source.error([key === 'label' ? 'labels' : (snakeOfOption[key] ?? key)], issue.message, SUGGESTION);
  }
  const taken = takenLabelProblem(result.data.label);
  if (taken !== undefined) throw source.error(['labels'], taken, SUGGESTION);
  try {
    return { metrics: metricsSettings(result.data, env), otlp: otlpSettings(result.data.otlp, env), publish: publishSettings(result.data) };
  } catch (error) {
    if (!(error instanceof ProbectlError)) throw error;
    throw new ProbectlError('USAGE', `${source.file}: ${keysOfFlags(error.message)}`, `${keysOfFlags(error.suggestion)} ${SUGGESTION}`);
  }
}

/** run's words about its flags, in the file's keys: "--push-interval needs --push URL" → "push_interval needs push URL". */
const keysOfFlags = (text: string): string => text.replace(/--([a-z][a-z-]*)/g, (_, flag: string) => (flag === 'label' ? 'labels' : flag.replaceAll('-', '_')));

const definedOf = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** JSON with every object's keys sorted: the same settings give the same text whatever order they were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
