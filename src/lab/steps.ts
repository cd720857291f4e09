// Builds something out of steps: when one fails (or the build is aborted), the steps done so far are undone in reverse.
import { ProbectlError } from '../core/errors.js';

export interface Step {
  /** What it does, for the error when it fails ("create namespace pctl-a"). */
  readonly describe: string;
  run(): Promise<unknown>;
  /** Removes what run made; absent when an earlier step's undo takes it away too (a veth goes with its namespace). */
  undo?(): Promise<unknown>;
}

export async function runSteps(steps: readonly Step[], signal?: AbortSignal): Promise<void> {
  const done: Step[] = [];
  for (const step of steps) {
    try {
      signal?.throwIfAborted();
      await step.run();
      done.push(step);
    } catch (error) {
      const leftovers = await undo(done);
      const reason = error instanceof Error ? error.message : String(error);
      const what = signal?.aborted ? `building the lab was interrupted before "${step.describe}"` : `building the lab failed at "${step.describe}": ${reason}`;
      if (leftovers.length > 0)
        throw new ProbectlError('LAB', `${what}; and undoing failed: ${leftovers.join('; ')}`, 'Run probectl lab down to remove what is left.', {
          cause: error,
        });
      const then = signal?.aborted
        ? 'Everything it had made was removed.'
        : 'Everything it had made was removed. Fix the cause above and run probectl lab up again.';
      throw new ProbectlError('LAB', `${what}.`, then, { cause: error });
    }
  }
}

/** Undoes steps in reverse; returns the failures (empty when all went). */
async function undo(done: Step[]): Promise<string[]> {
  const failures: string[] = [];
  for (const step of [...done].reverse()) {
    try {
      await step.undo?.();
    } catch (error) {
      failures.push(`${step.describe}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}
