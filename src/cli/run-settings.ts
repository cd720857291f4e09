// What run and fleet run check before anything is measured, planned or started: the options both take, checked in one order.
import * as z from '../events/zod.js';
import type { Filters } from '../plan/filters.js';
import { backendChoices } from '../plan/catalog.js';
import { checkLabelsUnused, metricsOptionsShape, metricsSettings, type MetricsSettings } from '../metrics/options.js';
import { otlpOptionShape, otlpSettings, type OtlpSettings } from '../otlp/options.js';
import type { PublishSettings } from '../publish/jetstream-publisher.js';
import { publishOptionsShape, publishSettings } from '../publish/options.js';
import type { ProbeSettings } from '../plan/plan.js';
import { checkProbeOptions } from '../run/probe-options.js';
import type { StackFiles } from '../sinks/stack-files.js';
import { checkedFilters, filterOptionsShape } from './filter-options.js';
import { checkedOptions } from './options.js';
import { formatSchema } from './format-option.js';
import { checkRunPaths } from './output-paths.js';
import { splitProbeOptions } from './probe-option-split.js';
import { stackFileOptionsShape } from './stack-file-options.js';
import { stackFilesFor } from './stack-file-output.js';
import { secondsOption } from '../core/option-numbers.js';
import { checkTimeLimits } from './time-limits.js';

/** The options run and fleet run share, each command's schema spreads them beside its own. */
export const runOptionsShape = {
  backend: z._default(z.enum(backendChoices, { error: () => `must be one of ${backendChoices.join(', ')}` }), 'auto'),
  format: z._default(formatSchema, 'jsonl'),
  output: z.optional(z.string().check(z.minLength(1, 'must name a file'))),
  record: z.optional(z.string().check(z.minLength(1, 'must name a directory'))),
  duration: z.optional(secondsOption().check(z.positive('must be a positive number of seconds'))),
  grace: z.optional(secondsOption().check(z.gte(0, 'must not be negative'))),
  validate: z._default(z.boolean(), false),
  ...filterOptionsShape,
  ...metricsOptionsShape,
  ...otlpOptionShape,
  ...publishOptionsShape,
  ...stackFileOptionsShape,
};

type RunOptions = z.infer<z.ZodMiniObject<typeof runOptionsShape>>;

export interface RunSettings<O extends RunOptions> {
  options: O;
  stackFiles: StackFiles | undefined;
  metricsWanted: MetricsSettings | undefined;
  otlpWanted: OtlpSettings | undefined;
  publishWanted: PublishSettings | undefined;
  filters: Filters;
  /** The probes' own options, checked by their schemas. */
  probeSettings: ProbeSettings;
}

/**
 * Everything the user typed, checked before anything is measured, planned or started: the command's options (then
 * `refuse`, for what the command does not take), the time limits, the output paths, the stack files, the sinks, the
 * filters, and the probes' own options by their schemas.
 */
export async function checkedRunSettings<O extends RunOptions>(
  schema: z.ZodMiniType<O>,
  names: readonly string[],
  raw: unknown,
  refuse: (options: O) => void = () => {},
): Promise<RunSettings<O>> {
  const { probeOptions, rest } = splitProbeOptions(raw);
  const options = checkedOptions(schema, rest);
  refuse(options);
  checkTimeLimits(options);
  checkRunPaths(options);
  const stackFiles = await stackFilesFor(options);
  const metricsWanted = metricsSettings(options);
  await checkLabelsUnused(options.label);
  const otlpWanted = otlpSettings(options.otlp);
  const publishWanted = publishSettings(options);
  const filters = checkedFilters(options);
  const probeSettings = checkProbeOptions(names, probeOptions);
  return { options, stackFiles, metricsWanted, otlpWanted, publishWanted, filters, probeSettings };
}
