// probectl fleet run <probe...> --hosts|--inventory: the probes on many hosts over SSH, one ordered stream, an honest state for every host.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { wholeNumber } from '../core/option-numbers.js';
import { FleetRun, type FleetRunOptions } from '../fleet/fleet-run.js';
import { hostDirectory, type HostOutcome } from '../fleet/host-run.js';
import { HostCounts, hostsRanLine, hostsTable } from '../fleet/hosts-table.js';
import { parseHostList, parseInventory, type HostTarget } from '../fleet/targets.js';
import { liveOrigin } from '../publish/message-id.js';
import { checkRecordingDir } from '../recording/writer.js';
import { findProbe } from '../run/resolve.js';
import { LiveOutput } from './live-output.js';
import { outputFailure } from './output-failure.js';
import { checkedRunSettings, runOptionsShape } from './run-settings.js';
import { closingLine, eventWriter } from './output.js';
import { secondsOption } from '../core/option-numbers.js';
import { openOutput } from './open-output.js';

export const hostOptions = {
  hosts: z.optional(z.string().check(z.minLength(1, 'must name hosts'))),
  inventory: z.optional(z.string().check(z.minLength(1, 'must name a file'))),
  parallel: z._default(wholeNumber(1, 256, { notWhole: 'must be a whole number', below: 'must be 1 or more', above: 'must be at most 256' }), 10),
  sshOption: z._default(z.array(z.string()), []),
  connectTimeout: z._default(secondsOption().check(z.positive('must be a positive number of seconds')), 10),
};

const fleetRunOptions = z.strictObject({
  ...hostOptions,
  ...runOptionsShape,
  readyTimeout: z._default(secondsOption().check(z.positive('must be a positive number of seconds')), 60),
  clockInterval: z._default(secondsOption().check(z.gte(0.1, 'must be at least 0.1 seconds')), 60),
  includeSelf: z.optional(z.boolean()),
  dryRun: z.optional(z.boolean()),
});

/** run's options that mean nothing on a fleet, each refused with why. */
const notOnAFleet = {
  includeSelf: [
    "--include-self does not apply to fleet run: a host's events are all kept (probectl and its own processes run here, not there).",
    'Leave --include-self out.',
  ],
  dryRun: [
    '--dry-run does not apply to fleet run: each host is planned on the facts measured over ssh when it connects.',
    "'probectl fleet doctor' shows each host's facts; 'probectl run --dry-run' shows the plans of this machine.",
  ],
} as const satisfies Partial<Record<keyof z.infer<typeof fleetRunOptions>, readonly [string, string]>>;

function refuseWhatNoFleetTakes(options: z.infer<typeof fleetRunOptions>): void {
  for (const [key, [why, instead]] of Object.entries(notOnAFleet))
    if (options[key as keyof typeof notOnAFleet] !== undefined) throw new ProbectlError('USAGE', why, instead);
  if (options.label.host !== undefined)
    throw new ProbectlError(
      'USAGE',
      "--label host: a fleet's metrics carry each event's host in their own host label already.",
      'Give the label another name, or leave it out.',
    );
}

/** Each host's recording directory, DIR/<host>/<probe>/, new or empty, and no two hosts in one. */
function checkHostRecordings(dir: string, targets: readonly HostTarget[], names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const target of targets) {
    const own = hostDirectory(target.name);
    const other = seen.get(own);
    if (other !== undefined)
      throw new ProbectlError(
        'USAGE',
        `--record: hosts ${other} and ${target.name} would record into one directory, ${join(dir, own)}.`,
        'Name the hosts apart (an inventory may give each a name).',
      );
    seen.set(own, target.name);
    for (const name of names) checkRecordingDir(join(dir, own, name));
  }
}

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
  // Everything the user typed is checked before any host is reached: the probes' names first, then as run checks it.
  names.forEach((name) => findProbe(name));
  const {
    options,
    stackFiles,
    metricsWanted,
    otlpWanted,
    publishWanted,
    filters,
    probeSettings: settings,
  } = await checkedRunSettings(fleetRunOptions, names, raw, refuseWhatNoFleetTakes);
  const targets = await fleetTargets(options);
  if (options.record !== undefined) checkHostRecordings(options.record, targets, names);
  const out = options.output === undefined ? process.stdout : await openOutput(options.output);
  const metrics =
    metricsWanted === undefined ? undefined : await (await import('../metrics/run-metrics.js')).startRunMetrics({ ...metricsWanted, hostLabel: true });
  const otlp = otlpWanted === undefined ? undefined : await (await import('../otlp/otlp-export.js')).startOtlpExport(otlpWanted);
  const publish = publishWanted === undefined ? undefined : (await import('../publish/run-publish.js')).startPublishing(publishWanted, liveOrigin(Date.now()));
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
    settings,
    durationMs: options.duration === undefined ? undefined : options.duration * 1000,
    readyTimeoutMs: options.readyTimeout * 1000,
    signal: stop.signal,
    kill: kill.signal,
    validate: options.validate,
    grace: options.grace === undefined ? undefined : { int: options.grace * 1000, term: options.grace * 1000 },
    clockIntervalMs: options.clockInterval * 1000,
    record: options.record,
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
      metrics?.observe(event);
      otlp?.observe(event);
      stackFiles?.add(event);
      output.write(event);
      await output.room();
      if (otlp !== undefined) await otlp.room();
      if (publish !== undefined) {
        publish.observe(event);
        await publish.room();
      }
    }
    outcomes = await running;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    if (options.format === 'summary' && !output.closed) out.write(hostsTable(fleet.outcomes, perHost)); // before the summary the sink writes at its end
    await output.end();
    await metrics?.close();
    await otlp?.close();
    await publish?.close();
  }
  if (output.error !== undefined) throw outputFailure(output.error, options.output);
  await stackFiles?.write();
  if (!output.closed)
    process.stderr.write(`${hostsRanLine(outcomes)}; ${closingLine(counts, unparsed, [writer.note?.(), stackFiles?.note(), otlp?.note(), publish?.note()])}\n`);
  fleetVerdict(outcomes);
}
