// Timers of any length: Node fires a setTimeout beyond 2^31-1 ms at once, so a longer wait is armed in steps toward its deadline.

/** The longest delay setTimeout honours (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The clock and timers a long timer runs on: Node's, or a test's fake. */
export interface Scheduler {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const nodeScheduler: Scheduler = {
  now: () => performance.now(), // monotonic: a step of the wall clock neither stretches nor cuts the wait
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LongTimer {
  clear(): void;
}

/**
 * Calls callback once ms have passed, however long that is: each step waits at most MAX_TIMER_MS and
 * re-arms for what is left. ms must be finite and not negative (a caller bounds what a user gives).
 */
export function setLongTimeout(callback: () => void, ms: number, scheduler: Scheduler = nodeScheduler): LongTimer {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a timer needs a finite delay of 0 ms or more, not ${ms}`);
  const deadline = scheduler.now() + ms;
  let handle: unknown;
  let cleared = false;
  const arm = (left: number) => {
    handle = scheduler.set(
      () => {
        if (cleared) return;
        const still = deadline - scheduler.now();
        if (still > 0) arm(still);
        else callback();
      },
      Math.min(Math.ceil(left), MAX_TIMER_MS),
    );
  };
  arm(ms);
  return {
    clear() {
      cleared = true;
      scheduler.clear(handle);
    },
  };
}

/** Resolves after ms, however long; rejects with the signal's reason when it is aborted first. */
export function sleepLong(ms: number, signal?: AbortSignal, scheduler: Scheduler = nodeScheduler): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      timer.clear();
      reject(signal!.reason);
    };
    const timer = setLongTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      ms,
      scheduler,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
