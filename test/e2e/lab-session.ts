// The lab for one end-to-end test: held (one user at a time), brought up with the given loss, always torn down and released.
import { setTimeout as sleep } from 'node:timers/promises';
import { holdLab, labDown, labStatus, labUp } from '../../src/lab/index.js';

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
