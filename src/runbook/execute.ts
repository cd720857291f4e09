// Runs a runbook: preflight, its probes live (or its recordings), every event through the assertions and the summary.
import { planRun, run } from '../api/run.js';
import { ProbectlError } from '../core/errors.js';
import type { ProbeEvent } from '../events/index.js';
import type { HostFacts } from '../host/facts.js';
import { hostFacts } from '../host/facts-cache.js';
import { hostToolNames } from '../probes/registry.js';
import type { ProbePlan } from '../plan/plan.js';
import { Summary } from '../summary/summary.js';
import { AssertionCounter } from './assertion-counter.js';
import { FlameGraphStacks } from './flame-graphs.js';
import type { Runbook } from './model.js';
import { preflight } from './preflight.js';
import { mergedReplay, readProbeRecordings } from './replay-source.js';
import type { RunbookResult } from './result.js';
import { ObservationWindow } from './window.js';

export interface RunbookRunOptions {
  /** Rehearse on the recordings in this directory (DIR/<probe>/) instead of running the probes. */
  replay?: string;
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

export async function runRunbook(runbook: Runbook, options: RunbookRunOptions = {}): Promise<RunbookResult> {
  const summary = new Summary({ top: TOP });
  const counters = runbook.assertions.map((spec) => new AssertionCounter(spec));
  const window = new ObservationWindow();
  const stacks = new FlameGraphStacks();
  const names = runbook.probes.map((p) => p.probe);
  let events: AsyncIterable<ProbeEvent>;
  let preflightResult: RunbookResult['preflight'];
  let replayed: Awaited<ReturnType<typeof readProbeRecordings>> | undefined;

  if (options.replay !== undefined) {
    replayed = await readProbeRecordings(options.replay, names);
    for (const r of replayed) window.recorded(r.probe, r.readyAt, r.endedAt);
    preflightResult = { skipped: `a rehearsal on the recordings in ${options.replay}: the host was not checked and no probe was started`, checks: [] };
    events = mergedReplay(replayed);
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

  const failedProbes: string[] = [];
  const hosts = new Set<string>();
  for await (const event of events) {
    hosts.add(event.host);
    summary.add(event);
    stacks.add(event);
    for (const c of counters) c.add(event);
    if (options.replay === undefined) window.observe(event);
    if (event.type === 'probe.status' && event.state === 'failed') failedProbes.push(`${event.probe} (${event.backend}): ${event.message ?? 'failed'}`);
    options.onEvent?.(event);
  }

  const observed = window.result();
  const host = hosts.size === 1 ? [...hosts][0] : undefined;
  const assertions = counters.map((c) => c.result({ observedS: observed.seconds, parameters: runbook.parameters, host }));
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
    passed: breached === 0 && failedProbes.length === 0,
    breached,
    failed_probes: failedProbes,
    summary: report,
    flame_graphs: stacks.graphs(),
  };
}
