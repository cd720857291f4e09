// The lab for one end-to-end test: held (one user at a time), brought up with the given loss, always torn down and released.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { holdLab, LAB, labDown, labStatus, labUp } from '../../src/lab/index.js';
import { LAB_ENDS } from '../../src/lab/topology.js';

const run = promisify(execFile);

/** Runs work with the lab up at loss percent; the lab is removed afterwards whatever happened. */
export async function withLab<T>(loss: number, work: () => Promise<T>): Promise<T> {
  const release = await holdLab();
  try {
    await labUp({ loss });
    return await work();
  } finally {
    await labDown().finally(release);
  }
}

/** Packets the lab's drop rule has dropped so far. */
export async function droppedPackets(): Promise<number> {
  const dropped = (await labStatus()).nft.dropped;
  if (dropped === undefined) throw new Error('the lab has no drop counter: is it up?');
  return dropped.packets;
}

/**
 * Waits until the drop counter has not moved for quietMs (a last FIN may still be retransmitted, and dropped, after
 * both peers have exited), at most maxMs; returns the counter.
 */
export async function settledDrops(quietMs = 1500, maxMs = 15_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  let last = await droppedPackets();
  for (;;) {
    await sleep(quietMs);
    const now = await droppedPackets();
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}

/**
 * The lab's connections to the test port that have not reached TCP_CLOSE, in either namespace, as `ss` shows them:
 * any state but LISTEN and TIME-WAIT (a socket in TIME-WAIT has passed through TCP_CLOSE, where tcplife reports it).
 */
async function unclosedConnections(): Promise<string[]> {
  const ends = await Promise.all(
    LAB_ENDS.map(async (end) => {
      const filter = `( sport = :${LAB.port} or dport = :${LAB.port} )`;
      const { stdout } = await run('ip', ['netns', 'exec', end.netns, 'ss', '-Htan', filter]);
      return stdout
        .split('\n')
        .filter((line) => line.trim() !== '' && !/^(LISTEN|TIME-WAIT)\s/.test(line))
        .map((line) => `${end.netns}: ${line.trim().replace(/\s+/g, ' ')}`);
    }),
  );
  return ends.flat();
}

/**
 * Waits until every lab connection to the test port has closed, at most maxMs; returns those still open. The drop
 * counter's quiet is not enough: under the lab's loss a FIN can wait for its retransmission longer than that.
 */
export async function closedConnections(maxMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const open = await unclosedConnections();
    if (open.length === 0 || Date.now() > deadline) return open;
    await sleep(200);
  }
}
