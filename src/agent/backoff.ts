// The wait before a failed probe starts again: doubling from the first wait up to a cap, back to the first once it has run healthily for a while.

export interface RestartPolicy {
  /** The wait before the first restart. */
  initialMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /** A run that stayed ready this long was healthy: the next wait is the first again. */
  healthyMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialMs: 1000, maxMs: 60_000, healthyMs: 60_000 };

export class Backoff {
  /** Restarts since the last healthy run. */
  private failures = 0;

  constructor(private readonly policy: RestartPolicy) {}

  /** The wait before the next start, given how long the run that just ended was ready (0 when it never was). */
  next(readyForMs: number): number {
    if (readyForMs >= this.policy.healthyMs) this.failures = 0;
    const wait = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.failures);
    this.failures++;
    return wait;
  }
}
