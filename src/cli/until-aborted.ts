// Ending a stream of events early: on SIGINT or SIGTERM, the loop over it ends at once, even while it waits for the next event.
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

/** The items of source until signal aborts; the source is then returned (closed) without waiting for its next item. */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<{ done: true; value: undefined }>((resolve) => {
    if (signal.aborted) resolve({ done: true, value: undefined });
    signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
  });
  try {
    while (true) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    void iterator.return?.(); // not awaited: a paced replay may be asleep until its next event
  }
}
