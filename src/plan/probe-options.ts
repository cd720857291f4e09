// A probe's own options (an interface, an interval, ...): declared by the probe, checked by its zod schema.
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { secondsOption, wholeNumber } from '../core/option-numbers.js';
import { flagOf, zodWords } from '../core/zod-words.js';

export interface ProbeOption {
  /** The key in the options object ("excludeDns"); on the command line, its kebab-case flag. */
  key: string;
  /** The flag as commander takes it: "--iface <name>", "--exclude-dns". */
  flag: string;
  help: string;
}

export interface ProbeOptions {
  /** A strict object schema: defaults filled in, every value checked so that nothing typed can change a program. */
  schema: z.ZodMiniType;
  flags: readonly ProbeOption[];
  /** What to do when a required option is missing: one line, e.g. "Give --iface NAME (see 'ip link')". */
  missing?: string;
}

/** --interval, as every probe that reports each interval takes it: seconds between reports, 0.1 to 3600 (default 1). */
export const intervalSchema = z._default(secondsOption().check(z.gte(0.1, 'must be at least 0.1 s'), z.lte(3600, 'must be at most 3600 s')), 1);

/** The same in whole seconds, for a probe whose stock tools take only those. */
export const wholeIntervalSchema = (probe: string) =>
  z._default(
    wholeNumber(1, 3600, {
      notNumber: 'must be a whole number of seconds',
      notWhole: `must be a whole number of seconds for ${probe}`,
      below: 'must be at least 1 s',
      above: 'must be at most 3600 s',
    }),
    1,
  );

export const intervalOption: ProbeOption = { key: 'interval', flag: '--interval <s>', help: 'seconds between reports (default 1)' };

/** The option key of a runbook's snake_case setting: exclude_dns → excludeDns. */
export const keyOfSetting = (name: string): string => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** One probe's options checked by its schema: defaults filled in, the first problem as a usage error naming the probe and flag. */
export function checkOptionsOf(probe: string, options: ProbeOptions | undefined, given: Readonly<Record<string, unknown>>): unknown {
  if (options === undefined) {
    const key = Object.keys(given)[0];
    if (key === undefined) return undefined;
    throw new ProbectlError('USAGE', `${probe} takes no option ${flagOf(key)}.`, `See 'probectl run --help' for ${probe}'s filters.`);
  }
  const result = options.schema.safeParse(given, { error: zodWords });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? String(issue.keys[0]) : String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys')
    throw new ProbectlError('USAGE', `${probe} takes no option ${flagOf(key)}.`, `Its options: ${options.flags.map((f) => flagOf(f.key)).join(', ')}.`);
  if (given[key] === undefined) throw new ProbectlError('USAGE', `${probe} needs ${flagOf(key)}.`, options.missing ?? `See 'probectl run --help'.`);
  throw new ProbectlError('USAGE', `${probe} ${flagOf(key)} ${issue.message}.`, `See 'probectl run --help' for ${probe}'s options.`);
}
