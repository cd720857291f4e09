// For tests that stop a bpftrace of their own with one SIGINT: bpftrace 0.17 may forget it (src/run/stop.ts, forgetsStopSignal).
import { FORGOTTEN_AFTER_MS, FORGOTTEN_CHECK_MS, forgetsStopSignal } from '../src/run/stop.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After a SIGINT to pid: while done() is false, sends SIGTERM each time pid is seen twice, FORGOTTEN_CHECK_MS apart,
 * back in its wait for events with SIGINT caught, as `probectl run` does. Resolves true if it sent SIGTERM.
 */
export async function termWhenForgotten(pid: number, done: () => boolean): Promise<boolean> {
  let sent = false;
  await pause(FORGOTTEN_AFTER_MS);
  while (!done()) {
    if (forgetsStopSignal(pid)) {
      await pause(FORGOTTEN_CHECK_MS);
      if (!done() && forgetsStopSignal(pid)) {
        try {
          process.kill(pid, 'SIGTERM');
          sent = true;
        } catch {}
      }
    }
    await pause(FORGOTTEN_CHECK_MS);
  }
  return sent;
}
