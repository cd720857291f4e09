// Throw-away network namespaces for probing: named after our pid, removed always, leftovers of dead runs swept.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { oneShot } from '../core/one-shot.js';
import { processAlive } from '../core/process-alive.js';

const prefix = 'probectl-doctor-';

export function newNetnsName(pid = process.pid): string {
  return `${prefix}${pid}-${randomBytes(3).toString('hex')}`;
}

/** Names in `ip netns list` output left by probectl runs whose process is gone. */
export function staleNamespaces(listText: string, isAlive: (pid: number) => boolean): string[] {
  const stale: string[] = [];
  for (const line of listText.split('\n')) {
    const name = line.trim().split(/\s+/)[0] ?? '';
    const pid = new RegExp(`^${prefix}(\\d+)-[0-9a-f]+$`).exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) stale.push(name);
  }
  return stale;
}

/** Deletes namespaces left by earlier runs that were killed before they could clean up. */
export async function sweepStaleNamespaces(ip: string, timeoutMs: number): Promise<void> {
  const list = await oneShot([ip, 'netns', 'list'], { timeoutMs });
  for (const name of staleNamespaces(list.stdout, processAlive)) await oneShot([ip, 'netns', 'del', name], { timeoutMs });
}

/** Deletes a namespace now, blocking: for signal handlers, where nothing asynchronous runs any more. */
export function deleteNetnsSync(ip: string, name: string, timeoutMs: number): void {
  spawnSync(ip, ['netns', 'del', name], { stdio: 'ignore', timeout: timeoutMs });
}
