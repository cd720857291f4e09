// Stopping a process group: SIGINT, then SIGTERM, then SIGKILL, each after its grace period, until nobody is left.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long to wait after SIGINT, then after SIGTERM, before sending the next signal. */
export interface Grace {
  int: number;
  term: number;
}

/** BCC tools detach their probes on SIGINT (a second or so); a tool that counts until stopped prints its table then. */
export const DEFAULT_GRACE: Grace = { int: 3000, term: 2000 };

const POLL_MS = 20;

/** The state letter and process group of a process, from /proc/<pid>/stat; undefined when it is gone. */
function statOf(pid: string): { state: string; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' '); // the name in parentheses may hold anything
    return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/**
 * The live processes of a group. Zombies do not count: where PID 1 does not reap orphans (some
 * containers), a dead grandchild would otherwise keep its group "alive" forever.
 */
export function groupMembers(pgid: number): number[] {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return [];
  }
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => name.charCodeAt(0) <= 57);
  } catch {
    return [pgid]; // no /proc: the signal said someone is there
  }
  return pids
    .filter((pid) => {
      const stat = statOf(pid);
      return stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X';
    })
    .map(Number);
}

export const groupAlive = (pgid: number): boolean => groupMembers(pgid).length > 0;

/** Sends a signal to the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The group's leader, when the caller is watching it: no need to look in /proc while it runs. */
export interface Leader {
  running(): boolean;
  /** Resolves when it has exited (and been reaped). */
  exited: Promise<unknown>;
}

/** Signals the group in turn until no live process is left in it. Returns the signals sent, in order. */
export async function stopGroup(pgid: number, grace: Grace = DEFAULT_GRACE, leader?: Leader): Promise<NodeJS.Signals[]> {
  const alive = () => leader?.running() || groupAlive(pgid);
  const sent: NodeJS.Signals[] = [];
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', grace.int],
    ['SIGTERM', grace.term],
    ['SIGKILL', Infinity],
  ];
  for (const [signal, ms] of steps) {
    if (!signalGroup(pgid, signal)) break;
    sent.push(signal);
    const deadline = performance.now() + ms;
    while (alive() && performance.now() < deadline) {
      const left = Math.min(POLL_MS, deadline - performance.now());
      await (leader?.running() ? Promise.race([sleep(left), leader.exited]) : sleep(left));
    }
    if (!alive()) break;
  }
  return sent;
}
