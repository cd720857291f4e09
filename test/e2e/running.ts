// Drives run() the way a library user does: iterate its events, wait for every probe's ready status, then abort and keep what came out.
import { run, type RunOptions } from '../../src/api/run.js';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';

export interface RunningProbes {
  /** Every event so far, in stream order. */
  readonly events: ProbeEvent[];
  /** Stops the probes (aborts the run's signal) and resolves once the stream has ended, with every event. */
  stop(): Promise<ProbeEvent[]>;
}

/** The events of one type. */
export const eventsOf = <T extends ProbeEvent['type']>(events: readonly ProbeEvent[], type: T): EventOf<T>[] =>
  events.filter((e): e is EventOf<T> => e.type === type);

/**
 * Starts run(probes, options) and resolves once every probe has said ready; rejects (after stopping the rest) if one
 * failed or ended first, or none was ready within readyMs.
 */
export async function startProbes(probes: readonly string[], options: Omit<RunOptions, 'signal'>, readyMs = 30_000): Promise<RunningProbes> {
  const abort = new AbortController();
  const events: ProbeEvent[] = [];
  let allReady!: () => void;
  const ready = new Promise<void>((resolve) => (allReady = resolve));
  const readyProbes = new Set<string>();
  const consumed = (async () => {
    for await (const event of run(probes, { ...options, signal: abort.signal })) {
      events.push(event);
      if (event.type !== 'probe.status') continue;
      if (event.state === 'ready') readyProbes.add(event.probe);
      if (readyProbes.size === probes.length) allReady();
    }
  })();
  const stop = async () => {
    abort.abort();
    await consumed;
    return events;
  };
  const notReady = (why: string) => new Error(`${why}; the events so far: ${JSON.stringify(events)}`);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    consumed.then(
      () => 'ended' as const,
      (error: unknown) => error,
    ),
    new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), readyMs))),
  ]);
  clearTimeout(timer);
  if (outcome === 'ready') return { events, stop };
  await stop().catch(() => {});
  if (outcome === 'ended') throw notReady(`the run ended before ${probes.join(', ')} were ready`);
  if (outcome === 'late') throw notReady(`${probes.join(', ')} not ready within ${readyMs} ms`);
  throw outcome;
}

/**
 * Starts several runs at once (when one cannot start, stops those that did and throws its error), does the work while
 * they run, then stops them all, also when the work failed; returns what the work returned and each run's events.
 */
export async function whileRunning<T>(
  starts: readonly (() => Promise<RunningProbes>)[],
  work: () => Promise<T>,
): Promise<{ result: T; events: ProbeEvent[][] }> {
  const runs = await startAll(starts);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await Promise.allSettled(runs.map((r) => r.stop()));
    throw error;
  }
  return { result, events: await Promise.all(runs.map((r) => r.stop())) };
}

async function startAll(starts: readonly (() => Promise<RunningProbes>)[]): Promise<RunningProbes[]> {
  const settled = await Promise.allSettled(starts.map((start) => start()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed === undefined) return settled.map((s) => (s as PromiseFulfilledResult<RunningProbes>).value);
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  throw failed.reason;
}
