// A host's clock offset: its clock against the midpoint of the local round trip over the open connection, the best of a few tries.
import type { SshConnection } from './connection.js';

const TRIES = 5;

/** One measurement: the host's clock minus this one's, and the round trip it was read over (the offset is exact to half of it). */
export interface ClockReading {
  offsetMs: number;
  rttMs: number;
}

/** The reading of the fastest of a few round trips (offset rounded to 0.1 ms); undefined when the host printed no time. */
export async function measureClock(connection: Pick<SshConnection, 'remoteClock'>, timeoutMs: number): Promise<ClockReading | undefined> {
  let best: ClockReading | undefined;
  for (let i = 0; i < TRIES; i++) {
    const answer = await connection.remoteClock(timeoutMs);
    if (answer === undefined) continue;
    const remote = Number(answer.remoteNs / 1000n) / 1000;
    const rttMs = answer.after - answer.before;
    if (best === undefined || rttMs < best.rttMs) best = { rttMs, offsetMs: remote - (answer.before + answer.after) / 2 };
  }
  return best === undefined ? undefined : { rttMs: best.rttMs, offsetMs: Math.round(best.offsetMs * 10) / 10 };
}
