// Several plans run at once: every child started, their events merged, all stopped on duration, abort or request.
import { join } from 'node:path';
import { ProbectlError } from '../core/errors.js';
import { setLongTimeout, type LongTimer } from '../core/long-timer.js';
import type { ProbePlan } from '../plan/plan.js';
import { entryOf, isParserName, parserNames } from '../probes/probe-list.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { checkRecordingDir } from '../recording/writer.js';
import type { ChildEnd } from './child.js';
import { MergedStream } from './merge.js';
import { OwnPids } from './own-pids.js';
import { ProbeRun, type ProbeRunOptions } from './probe-run.js';

export interface SessionOptions extends Omit<ProbeRunOptions, 'emit' | 'settled' | 'record'> {
  /** Stops every probe this long after all of them are ready (or have ended); unset: run until stopped. */
  durationMs?: number;
  /** Aborting it stops every probe gracefully. */
  signal?: AbortSignal;
  /** Aborting it kills every probe at once (SIGKILL): a second Ctrl-C. */
  kill?: AbortSignal;
  /** Records each probe under <dir>/<probe>/. */
  record?: { dir: string; kernel: string; toolVersion(plan: ProbePlan): string };
  /** Keeps the events that carry probectl's pid or one of its probes' (left out by default). */
  includeSelf?: boolean;
}

/**
 * The running sessions' last resorts, behind one 'exit' listener however many run at once: a fleet runs a session a
 * host, and a listener each would pass node's limit of 10 (a "possible memory leak" warning) from the 10th host on.
 */
const lastResorts = new Set<() => void>();
const runLastResorts = () => lastResorts.forEach((lastResort) => lastResort());

function addLastResort(lastResort: () => void): void {
  if (lastResorts.size === 0) process.on('exit', runLastResorts);
  lastResorts.add(lastResort);
}

function removeLastResort(lastResort: () => void): void {
  lastResorts.delete(lastResort);
  if (lastResorts.size === 0) process.off('exit', runLastResorts);
}

/** Checks what would make a run fail half-started: unknown parsers, a probe given twice, a recording in the way. */
export function checkPlans(plans: readonly ProbePlan[], record?: { dir: string }): void {
  const seen = new Set<string>();
  for (const plan of plans) {
    if (!isParserName(plan.parser))
      throw new ProbectlError(
        'UNKNOWN_TOOL',
        `the plan for ${plan.probe} names the parser "${plan.parser}", which does not exist.`,
        `Use one of: ${parserNames.join(', ')}.`,
      );
    if (seen.has(plan.probe)) throw new ProbectlError('USAGE', `${plan.probe} is given twice.`, 'Name each probe once.');
    seen.add(plan.probe);
    if (record !== undefined) checkRecordingDir(join(record.dir, plan.probe));
  }
  if (plans.length === 0) throw new ProbectlError('USAGE', 'no probe to run.', 'Name at least one probe.');
}

/** The module of each parser the plans name (checkPlans has checked the names), each loaded once: the others are never loaded. */
async function planModules(plans: readonly ProbePlan[]): Promise<Map<string, ProbeModule>> {
  const names = [...new Set(plans.map((p) => p.parser))];
  return new Map(await Promise.all(names.map(async (name) => [name, await entryOf(name).load()] as const)));
}

export class Session {
  readonly events: MergedStream;
  private readonly runs: ProbeRun[] = [];
  private stopping = false;
  private settledCount = 0;
  private durationTimer: LongTimer | undefined;
  private own = new OwnPids(process.pid, []);

  constructor(
    private readonly plans: readonly ProbePlan[],
    private readonly options: SessionOptions,
  ) {
    checkPlans(plans, options.record);
    const { durationMs } = options;
    if (durationMs !== undefined && !(Number.isFinite(durationMs) && durationMs >= 0))
      throw new ProbectlError('USAGE', `the duration must be a finite number of milliseconds, not ${durationMs}.`, 'Give durationMs a number of 0 or more.');
    this.events = new MergedStream({ onPressure: (behind) => this.runs.forEach((r) => (behind ? r.child.pause() : r.child.resume())) });
  }

  /** Starts every probe; resolves with how each ended, once all have and the stream has its last event. */
  async run(): Promise<ChildEnd[]> {
    const { signal } = this.options;
    const onAbort = () => void this.stop();
    const onKill = () => void this.kill();
    // Should probectl exit with probes still running (an uncaught error), they die with it.
    const lastResort = () => this.runs.forEach((r) => r.child.killNow());
    addLastResort(lastResort);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.options.kill?.addEventListener('abort', onKill, { once: true });
    let startError: unknown;
    // The modules load while the backends start, which takes them longer: no event is parsed before its module is in.
    const loading = planModules(this.plans);
    loading.catch(() => {}); // awaited below, after the spawns, one of which may throw first
    try {
      if (!signal?.aborted && !this.stopping) for (const plan of this.plans) this.runs.push(this.startOne(plan));
    } catch (error) {
      startError = error;
      void this.stop();
    }
    try {
      const modules = await loading;
      const own = new OwnPids(process.pid, [...modules.values()]);
      for (const r of this.runs) if (r.child.pid !== undefined) own.add(r.child.pid);
      this.own = own; // with every run's pid, before any event: a run's events are parsed from parseWith on
      this.runs.forEach((r) => r.parseWith(modules.get(r.plan.parser)!));
    } catch (error) {
      startError ??= error;
      this.runs.forEach((r) => r.parseWith(undefined)); // each run still ends, its output unparsed
      void this.stop();
    }
    const results = await Promise.allSettled(this.runs.map((r) => r.done));
    this.durationTimer?.clear();
    removeLastResort(lastResort);
    signal?.removeEventListener('abort', onAbort);
    this.options.kill?.removeEventListener('abort', onKill);
    const failure = startError ?? results.find((r) => r.status === 'rejected')?.reason;
    this.events.end(failure);
    return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  }

  /** Stops every probe gracefully: SIGINT, then SIGTERM, then SIGKILL after the grace periods. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.durationTimer?.clear();
    await Promise.all(this.runs.map((r) => r.child.stop()));
  }

  /** SIGKILL to every probe now. */
  async kill(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.runs.map((r) => r.child.kill()));
  }

  private startOne(plan: ProbePlan): ProbeRun {
    const { record, durationMs: _d, signal: _s, kill: _k, includeSelf, ...rest } = this.options;
    const probeRun = new ProbeRun(plan, {
      ...rest,
      record: record && { dir: join(record.dir, plan.probe), kernel: record.kernel, toolVersion: record.toolVersion(plan) },
      emit: (event) => void (includeSelf || !this.own.has(event) ? this.events.push(event) : undefined),
      settled: () => this.onSettled(),
      failed: () => void this.stop(),
    });
    return probeRun;
  }

  /** Once every probe is ready or has ended, the duration starts. */
  private onSettled(): void {
    this.settledCount++;
    const { durationMs } = this.options;
    if (this.settledCount === this.plans.length && durationMs !== undefined && !this.stopping)
      this.durationTimer = setLongTimeout(() => void this.stop(), durationMs); // a duration of weeks outlasts one setTimeout
  }
}
