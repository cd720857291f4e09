// A host's clock offset: its clock against the midpoint of the local round trip over the open connection, the best of a few tries.
import type { SshConnection } from './connection.js';

const TRIES = 5;

/** Remote clock minus local clock in ms (rounded to 0.1 ms); undefined when the host printed no time. */
export async function clockOffsetMs(connection: SshConnection, timeoutMs: number): Promise<number | undefined> {
  let best: { rtt: number; offset: number } | undefined;
  for (let i = 0; i < TRIES; i++) {
    const answer = await connection.remoteClock(timeoutMs);
    if (answer === undefined) continue;
    const remote = Number(answer.remoteNs / 1000n) / 1000;
    const rtt = answer.after - answer.before;
    if (best === undefined || rtt < best.rtt) best = { rtt, offset: remote - (answer.before + answer.after) / 2 };
  }
  return best === undefined ? undefined : Math.round(best.offset * 10) / 10;
}
