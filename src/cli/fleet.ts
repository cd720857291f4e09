// probectl fleet run <probe...> --hosts|--inventory: the probes on many hosts over SSH, one ordered stream, an honest state for every host.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ProbectlError } from '../core/errors.js';
import { FleetRun, type FleetRunOptions } from '../fleet/fleet-run.js';
import type { HostOutcome } from '../fleet/host-run.js';
import { HostCounts, hostsRanLine, hostsTable } from '../fleet/hosts-table.js';
import { parseHostList, parseInventory, type HostTarget } from '../fleet/targets.js';
import { backendChoices } from '../plan/catalog.js';
import { findProbe } from '../run/resolve.js';
import { LiveOutput } from './live-output.js';
import { outputFailure } from './output-failure.js';
import { checkedFilters, filterOptionsShape } from './filter-options.js';
import { checkedOptions } from './options.js';
import { closingLine, eventWriter, formatSchema } from './output.js';
import { checkTimeLimits, secondsOption } from './time-limits.js';
import { openOutput } from './open-output.js';

export const hostOptions = {
  hosts: z.string().min(1, 'must name hosts').optional(),
  inventory: z.string().min(1, 'must name a file').optional(),
  parallel: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(256, 'must be at most 256').default(10),
  sshOption: z.array(z.string()).default([]),
  connectTimeout: secondsOption().positive('must be a positive number of seconds').default(10),
};

const fleetRunOptions = z.strictObject({
  ...hostOptions,
  backend: z.enum(backendChoices, { error: () => `must be one of ${backendChoices.join(', ')}` }).default('auto'),
  format: formatSchema.default('jsonl'),
  output: z.string().min(1, 'must name a file').optional(),
  duration: secondsOption().positive('must be a positive number of seconds').optional(),
  readyTimeout: secondsOption().positive('must be a positive number of seconds').default(60),
  grace: secondsOption().min(0, 'must not be negative').optional(),
  validate: z.boolean().default(false),
  ...filterOptionsShape,
});

/** The hosts from --hosts or --inventory (exactly one of them). */
export async function fleetTargets(options: { hosts?: string; inventory?: string }): Promise<HostTarget[]> {
  if ((options.hosts === undefined) === (options.inventory === undefined))
    throw new ProbectlError('USAGE', 'name the hosts with --hosts or --inventory (one of them).', 'For example: --hosts root@web-1,root@web-2:2222');
  if (options.hosts !== undefined) return parseHostList(options.hosts);
  const file = options.inventory!;
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new ProbectlError('USAGE', `cannot read the inventory ${file}: ${error.message}`, 'Check the path.');
  });
  return parseInventory(text, file);
}

/** 0 when every host ran; 1 when a probe failed on a running host; 3 when some hosts ran; 2 when none did. */
export function fleetVerdict(outcomes: readonly HostOutcome[]): void {
  const failedHosts = outcomes.filter((o) => !o.ran).map((o) => `${o.host} (${o.reason ?? o.state}): ${o.message ?? ''}`);
  const probeFailures = outcomes.flatMap((o) => o.probeFailures.map((f) => `${o.host}: ${f}`));
  const why = "The fleet.host events say more; 'probectl fleet doctor' shows what works on each host.";
  if (probeFailures.length > 0) throw new ProbectlError('CHILD_FAILED', `${hostsRanLine(outcomes)}, and a probe failed: ${probeFailures.join('; ')}`, why);
  if (failedHosts.length === outcomes.length) throw new ProbectlError('NO_HOST', `no host ran: ${failedHosts.join('; ')}`, why);
  if (failedHosts.length > 0) throw new ProbectlError('PARTIAL', `${hostsRanLine(outcomes)}; not: ${failedHosts.join('; ')}`, why);
}

export async function fleetRunCommand(names: string[], raw: unknown): Promise<void> {
  const options = checkedOptions(fleetRunOptions, raw);
  checkTimeLimits(options);
  names.forEach((name) => findProbe(name));
  const filters = checkedFilters(options);
  const targets = await fleetTargets(options);
  const out = options.output === undefined ? process.stdout : await openOutput(options.output);
  const stop = new AbortController();
  const kill = new AbortController();
  const writer = await eventWriter(options.format, out, { probeColumn: true }, { live: true });
  const output = new LiveOutput(writer, out, () => stop.abort());
  const onSignal = () => (stop.signal.aborted ? kill.abort() : stop.abort());
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  const run: FleetRunOptions = {
    targets,
    ssh: { connectTimeoutS: options.connectTimeout, extra: options.sshOption },
    parallel: options.parallel,
    backend: options.backend,
    filters,
    durationMs: options.duration === undefined ? undefined : options.duration * 1000,
    readyTimeoutMs: options.readyTimeout * 1000,
    signal: stop.signal,
    kill: kill.signal,
    validate: options.validate,
    grace: options.grace === undefined ? undefined : { int: options.grace * 1000, term: options.grace * 1000 },
  };
  const fleet = new FleetRun(names, run);
  const counts = new Map<string, number>();
  const perHost = new HostCounts();
  let unparsed = 0;
  let outcomes: HostOutcome[] = [];
  try {
    const running = fleet.run();
    for await (const event of fleet.events) {
      counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      if (event.type === 'tool.diagnostic' && event.level === 'unparsed') unparsed++;
      perHost.observe(event);
      output.write(event);
      await output.room();
    }
    outcomes = await running;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    if (options.format === 'summary' && !output.closed) out.write(hostsTable(fleet.outcomes, perHost)); // before the summary the sink writes at its end
    await output.end();
  }
  if (output.error !== undefined) throw outputFailure(output.error, options.output);
  if (!output.closed) process.stderr.write(`${hostsRanLine(outcomes)}; ${closingLine(counts, unparsed, [writer.note?.()])}\n`);
  fleetVerdict(outcomes);
}
