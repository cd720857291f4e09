// Runs a runbook: preflight, its probes live (or its recordings), every event through the assertions and the summary.
import { planRun, run } from '../api/run.js';
import { ProbectlError } from '../core/errors.js';
import type { ProbeEvent } from '../events/index.js';
import type { HostOutcome } from '../fleet/host-run.js';
import { HostCounts, hostRows } from '../fleet/hosts-table.js';
import type { HostFacts } from '../host/facts.js';
import { hostFacts } from '../host/facts-cache.js';
import { hostToolNames } from '../probes/probe-list.js';
import type { ProbePlan } from '../plan/plan.js';
import { Summary } from '../summary/summary.js';
import { AssertionCounter } from './assertion-counter.js';
import { FlameGraphStacks } from './flame-graphs.js';
import { fleetSource, type RunbookHosts } from './fleet-source.js';
import { HostGroups } from './host-groups.js';
import type { Runbook } from './model.js';
import { PerHostCounter } from './per-host-counter.js';
import { preflight } from './preflight.js';
import { mergedReplay, readProbeRecordings } from './replay-source.js';
import type { RunbookResult } from './result.js';
import { commonSpan, ObservationWindow } from './window.js';

export interface RunbookRunOptions {
  /** Rehearse on the recordings in this directory (DIR/<probe>/) instead of running the probes. */
  replay?: string;
  /** Run the probes on these hosts over SSH instead of here. */
  hosts?: RunbookHosts;
  /** Seconds to observe, instead of the runbook's duration. */
  durationS?: number;
  /** The host facts (default: measured, as probectl doctor does). */
  facts?: HostFacts;
  /** Aborting it stops the probes early (Ctrl-C); what was seen is still judged. */
  signal?: AbortSignal;
  /** Aborting it kills the probes at once. */
  kill?: AbortSignal;
  /** Each event as it passes (progress on a terminal). */
  onEvent?(event: ProbeEvent): void;
  /** Told once preflight passed, before the probes start. */
  onPreflight?(checks: RunbookResult['preflight']['checks']): void;
}

/** Top rows the summary keeps for the report. */
const TOP = 10;

async function livePlans(runbook: Runbook, facts: HostFacts): Promise<ProbePlan[]> {
  const plans: ProbePlan[] = [];
  for (const p of runbook.probes) plans.push(...(await planRun([p.probe], { backend: p.backend, filters: p.filters, settings: p.settings, facts })).plans);
  return plans;
}

/** The parameters each host's labels changed, for the reports. */
function hostParameters(
  runbook: Runbook,
  outcomes: readonly HostOutcome[],
  runbookFor: (host: string) => Runbook,
): Pick<NonNullable<RunbookResult['hosts']>, 'parameters'> {
  const changed = outcomes.flatMap(({ host }) => {
    const own = Object.entries(runbookFor(host).parameters).filter(([k, v]) => runbook.parameters[k] !== v);
    return own.length === 0 ? [] : [[host, Object.fromEntries(own)] as const];
  });
  return changed.length === 0 ? {} : { parameters: Object.fromEntries(changed) };
}

export async function runRunbook(runbook: Runbook, options: RunbookRunOptions = {}): Promise<RunbookResult> {
  const summary = new Summary({ top: TOP });
  const runbookFor = (host: string) => options.hosts?.runbookFor?.(host) ?? runbook;
  const counters = runbook.assertions.map((spec, i) =>
    spec.per === 'host' ? new PerHostCounter(spec, (host) => runbookFor(host).assertions[i]!) : new AssertionCounter(spec),
  );
  /** Live, each host's window (a fleet's hosts start and end apart); a replay's comes from its recordings. */
  const windows = new HostGroups((_host) => new ObservationWindow());
  const replayWindow = new ObservationWindow();
  const stacks = new FlameGraphStacks();
  const names = runbook.probes.map((p) => p.probe);
  let events: AsyncIterable<ProbeEvent>;
  let preflightResult: RunbookResult['preflight'];
  let replayed: Awaited<ReturnType<typeof readProbeRecordings>> | undefined;
  let fleet: ReturnType<typeof fleetSource> | undefined;

  if (options.replay !== undefined) {
    replayed = await readProbeRecordings(options.replay, names);
    for (const r of replayed) replayWindow.recorded(r.probe, r.readyAt, r.endedAt);
    preflightResult = { skipped: `a rehearsal on the recordings in ${options.replay}: the host was not checked and no probe was started`, checks: [] };
    events = mergedReplay(replayed);
  } else if (options.hosts !== undefined) {
    fleet = fleetSource(runbook, options.hosts, { durationS: options.durationS ?? runbook.durationS, signal: options.signal, kill: options.kill });
    preflightResult = { checks: fleet.checks };
    events = fleet.fleet.events;
  } else {
    const facts = options.facts ?? (await hostFacts({ tools: hostToolNames }));
    const checks = preflight(runbook, facts);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0) {
      const remedies = [...new Set(failed.flatMap((c) => (c.remedy === undefined ? [] : [c.remedy])))];
      throw new ProbectlError(
        'RUNBOOK',
        `${runbook.name}: preflight failed (${failed.map((c) => c.check).join(', ')}), nothing was started; ${failed[0]!.check}: ${failed[0]!.detail}.`,
        `${remedies[0] ?? ''} ${remedies.length > 1 || remedies.length === 0 ? "'probectl doctor' says what works on this host and how to fix the rest." : ''}`.trim(),
      );
    }
    preflightResult = { checks };
    options.onPreflight?.(checks);
    const plans = await livePlans(runbook, facts);
    events = run(plans, { facts, durationMs: (options.durationS ?? runbook.durationS) * 1000, signal: options.signal, kill: options.kill, validate: true });
  }

  const running = fleet?.fleet.run();
  const failedProbes: string[] = [];
  const perHost = new HostCounts();
  const seen = new Set<string>();
  for await (const event of events) {
    seen.add(event.host);
    perHost.observe(event);
    summary.add(event);
    stacks.add(event);
    for (const c of counters) c.add(event);
    if (options.replay === undefined) windows.of(event.host).observe(event);
    // Over hosts, a probe that fails before its host is ready fails the host (the hosts table says why); the fleet's outcomes name the others.
    if (fleet === undefined && event.type === 'probe.status' && event.state === 'failed')
      failedProbes.push(`${event.probe} (${event.backend}): ${event.message ?? 'failed'}`);
    options.onEvent?.(event);
  }
  const outcomes: HostOutcome[] | undefined = await running;
  if (outcomes !== undefined) failedProbes.push(...outcomes.flatMap((o) => o.probeFailures.map((f) => `${o.host}: ${f}`)));

  const hosts = outcomes?.map((o) => ({ host: o.host, ran: o.ran })) ?? [...seen].map((host) => ({ host, ran: true }));
  const hostWindow = (host: string) => windows.of(host).result();
  const observed = replayed !== undefined ? replayWindow.result() : commonSpan(hosts.filter((h) => h.ran).map((h) => hostWindow(h.host)));
  const single = hosts.length === 1 ? hosts[0]!.host : undefined;
  const assertions = counters.map((c) =>
    c instanceof PerHostCounter
      ? c.result({
          ...(outcomes !== undefined && { hosts }),
          observedS: (host) => (replayed !== undefined ? observed.seconds : hostWindow(host).seconds),
          parameters: (host) => runbookFor(host).parameters,
        })
      : c.result({ observedS: observed.seconds, parameters: runbook.parameters, host: single }),
  );
  const report = summary.report();
  if (replayed !== undefined)
    // A recording holds no probe.status: the report names each recording instead.
    report.probes = replayed.map(({ probe, recording: { meta } }) => ({
      probe,
      backend: meta.tool.impl,
      state: 'replayed',
      message: `${meta.tool.name} ${meta.tool.version}, recorded on ${meta.host}`,
    }));
  const breached = assertions.filter((a) => !a.passed).length;
  const ran = outcomes?.filter((o) => o.ran).length;
  return {
    runbook: {
      name: runbook.name,
      file: runbook.file,
      ...(runbook.description !== undefined && { description: runbook.description }),
      parameters: runbook.parameters,
    },
    mode: options.replay === undefined ? 'live' : 'replay',
    ...(options.replay !== undefined && { replay: options.replay }),
    window: observed,
    preflight: preflightResult,
    assertions,
    passed: breached === 0 && failedProbes.length === 0 && (outcomes === undefined || ran === outcomes.length),
    breached,
    ...(outcomes !== undefined && {
      hosts: { ran: ran!, total: outcomes.length, rows: hostRows(outcomes, perHost), ...hostParameters(runbook, outcomes, runbookFor) },
    }),
    failed_probes: failedProbes,
    summary: report,
    flame_graphs: stacks.graphs(),
  };
}
