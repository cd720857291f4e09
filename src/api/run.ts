// run(): probes live — planned for this host, started, their output parsed into one merged stream of events.
import { hostname, release } from 'node:os';
import { ProbectlError } from '../core/errors.js';
import { parseInWords } from '../core/zod-words.js';
import type { ProbeEvent } from '../events/index.js';
import { effectiveBpfCapabilities } from '../host/capabilities.js';
import type { HostFacts } from '../host/facts.js';
import { expectedFilters } from './filter-words.js';
import { forgetHostFacts, hostFacts } from '../host/facts-cache.js';
import { hostToolNames } from '../probes/probe-list.js';
import type { BackendChoice } from '../plan/catalog.js';
import { filtersSchema, type Filters } from '../plan/filters.js';
import type { ProbePlan, ProbeSettings } from '../plan/plan.js';
import { checkPrivileges, planWithPrivileges } from '../run/privileges.js';
import { checkSettings } from '../run/probe-options.js';
import { findProbe, planProbes } from '../run/resolve.js';
import { Session } from '../run/session.js';
import type { Grace } from '../run/stop.js';

export interface RunOptions {
  /** Which backend runs each named probe (default auto: the first that runs here truthfully). */
  backend?: BackendChoice;
  /** Filters for every named probe, checked before anything runs. */
  filters?: Filters;
  /** Each probe's own options by probe name, e.g. { <probe>: { iface: 'eth0' } } (each probe's options are in docs/probes.md). */
  settings?: ProbeSettings;
  /** Stops every probe this long after all of them are ready; unset: until `signal` aborts or they end. */
  durationMs?: number;
  /** Aborting it stops every probe gracefully; the stream ends once their last events are out. */
  signal?: AbortSignal;
  /** Aborting it kills every probe at once with SIGKILL (a second Ctrl-C). */
  kill?: AbortSignal;
  /** What is known about this host (default: measured, as probectl doctor does). */
  facts?: HostFacts | Pick<HostFacts, 'root' | 'capabilities'>;
  /** Stamped on every event (default: this machine's host name). */
  host?: string;
  /** Checks every event against its schema (default true). */
  validate?: boolean;
  /** Waits after SIGINT, then SIGTERM, when stopping a probe (default 3000 and 2000 ms). */
  graceMs?: Grace;
  /** A probe not ready this long after its start is stopped and reported failed (default 120 s: BCC compiles first). */
  readyTimeoutMs?: number;
  /** Records each probe under <dir>/<probe>/, replayable with replay(). */
  record?: string;
  maxLineBytes?: number;
  /**
   * Keeps the events of probectl itself and of the backends it started (their opens while they start, for instance);
   * by default they are left out, in the kernel where the program allows, else by pid (docs/probes.md).
   */
  includeSelf?: boolean;
}

export const DEFAULT_READY_TIMEOUT_MS = 120_000;

const isFull = (facts: RunOptions['facts']): facts is HostFacts => facts !== undefined && 'kernel' in facts;

export function checkFilters(raw: unknown): Filters {
  const result = parseInWords(filtersSchema, raw ?? {}, expectedFilters);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'filters'} ${i.message}`).join('; ');
  throw new ProbectlError('USAGE', `invalid filter: ${problems}.`, 'Give pid, comm, port, lport, rport, family (4 or 6) or failed.');
}

/** The plans for probe names (a plan given as such is kept), and the facts they were made with. */
export async function planRun(
  probes: readonly (string | ProbePlan)[],
  options: Pick<RunOptions, 'backend' | 'filters' | 'facts' | 'settings' | 'includeSelf'> = {},
): Promise<{ plans: ProbePlan[]; facts: RunOptions['facts'] & object }> {
  const filters = checkFilters(options.filters);
  const names = probes.filter((p): p is string => typeof p === 'string');
  if (names.length === 0)
    return { plans: probes as ProbePlan[], facts: options.facts ?? { root: process.getuid?.() === 0, capabilities: await effectiveBpfCapabilities() } };
  names.forEach((name) => findProbe(name)); // a misspelt name and bad options are refused before the host is measured
  const settings = checkSettings(names, options.settings);
  const facts = isFull(options.facts) ? options.facts : await hostFacts({ tools: hostToolNames });
  const planned = planWithPrivileges(
    () => planProbes(names, options.backend ?? 'auto', filters, facts, undefined, settings, options.includeSelf ? {} : { selfPid: process.pid }),
    facts,
    names,
  );
  return { plans: probes.map((p) => (typeof p === 'string' ? planned[names.indexOf(p)]! : p)), facts };
}

/**
 * Runs probes (by name, or as plans) and yields their events as one stream: probe.status as each
 * starts, becomes ready and ends; what each tool prints, parsed; seq numbered across the stream.
 * Leaving the loop early stops every probe.
 * @example for await (const e of run(['<probe>'], { durationMs: 10_000 })) console.log(e);
 */
export async function* run(probes: readonly (string | ProbePlan)[], options: RunOptions = {}): AsyncGenerator<ProbeEvent> {
  for await (const batch of runBatches(probes, options)) yield* batch;
}

/**
 * run()'s stream as the batches it arrives in: every event parsed since the reader last asked, in order. For a reader
 * that handles thousands of events a second in one synchronous loop each (the CLI's run): the async iteration then
 * costs once a batch, not once an event.
 */
export async function* runBatches(probes: readonly (string | ProbePlan)[], options: RunOptions = {}): AsyncGenerator<ProbeEvent[]> {
  const { plans, facts } = await planRun(probes, options);
  checkPrivileges(
    facts,
    plans.map((p) => p.probe),
  );
  const session = new Session(plans, {
    host: options.host ?? hostname(),
    validate: options.validate ?? true,
    maxLineBytes: options.maxLineBytes,
    grace: options.graceMs,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    durationMs: options.durationMs,
    signal: options.signal,
    kill: options.kill,
    includeSelf: options.includeSelf,
    record:
      options.record === undefined
        ? undefined
        : {
            dir: options.record,
            kernel: isFull(facts) ? facts.kernel : release(),
            toolVersion: (plan) => (plan.impl === 'bpftrace' && isFull(facts) && facts.bpftrace.version) || 'unknown',
          },
  });
  const running = session.run();
  const ready = new Set<string>();
  try {
    for await (const batch of session.events.batches()) {
      for (const event of batch) {
        if (event.type !== 'probe.status') continue;
        if (event.state === 'ready') ready.add(event.probe);
        // A probe that fails to start may have been planned on facts that no longer hold: the next run measures.
        if (event.state === 'failed' && !ready.has(event.probe) && !isFull(options.facts)) forgetHostFacts();
      }
      yield batch;
    }
  } finally {
    await session.stop();
    await running;
  }
}
