// Waiting for a promise or an event, whichever comes first, leaving nothing behind: the loops that read a stream item by item use it.

/**
 * `pending`'s outcome, or the first value `listen` hands to its callback if that comes first. `listen` adds a listener
 * and returns what removes it; it is removed as soon as either settles. Promise.race against one long-lived promise
 * (aborted, failed) would add a reaction to that promise at every call, each kept with its closure until the promise
 * settles: a replay of 500,000 events held 500,000 of them, and a long one ran out of heap (docs/reliability.md).
 */
export function raceListener<T, U>(pending: Promise<T>, listen: (settle: (value: U) => void) => () => void): Promise<T | U> {
  return new Promise<T | U>((resolve, reject) => {
    let settled = false;
    let remove: (() => void) | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      remove?.();
      outcome();
    };
    remove = listen((value) => finish(() => resolve(value)));
    if (settled) remove(); // the listener fired at once (an AbortSignal already aborted)
    pending.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
