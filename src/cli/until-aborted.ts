// Ending a stream of events early: on SIGINT or SIGTERM, the loop over it ends at once, even while it waits for the next event.
import { raceListener } from '../core/race-listener.js';

export interface SignalStop {
  readonly signal: AbortSignal;
  /** Gives SIGINT and SIGTERM back to their default. */
  release(): void;
}

export function stopOnSignals(): SignalStop {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const s of signals) process.on(s, onSignal);
  return { signal: stop.signal, release: () => signals.forEach((s) => process.off(s, onSignal)) };
}

const ABORTED = { done: true, value: undefined } as const;

/** Listens for the signal's abort: at once when it has aborted already. */
const onAbort = (signal: AbortSignal) => (settle: (value: typeof ABORTED) => void) => {
  if (signal.aborted) {
    settle(ABORTED);
    return () => {};
  }
  const listener = () => settle(ABORTED);
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
};

/** The items of source until signal aborts; the source is then returned (closed) without waiting for its next item. */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const abort = onAbort(signal);
  try {
    while (true) {
      const next = await raceListener(iterator.next(), abort);
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    void iterator.return?.(); // not awaited: a paced replay may be asleep until its next event
  }
}
