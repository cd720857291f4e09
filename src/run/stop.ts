// Stopping a process group: SIGINT, then SIGTERM, then SIGKILL, each after its grace period, until nobody is left.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { listedPids } from '../core/process-ids.js';

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
  const pids = listedPids();
  if (pids === undefined) return [pgid]; // no /proc: the signal said someone is there
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

/** True when the process catches SIGINT: its SigCgt mask in /proc/<pid>/status has bit 1 set. */
function catchesInterrupt(pid: number): boolean {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && (Number.parseInt(mask.slice(-1), 16) & 2) !== 0;
  } catch {
    return false;
  }
}

/** True when the process sleeps in epoll_wait, as its /proc/<pid>/wchan says: do_epoll_wait on this kernel, ep_poll where that is not inlined. */
function waitsInEpoll(pid: number): boolean {
  try {
    const wchan = readFileSync(`/proc/${pid}/wchan`, 'utf8');
    return wchan === 'do_epoll_wait' || wchan === 'ep_poll';
  } catch {
    return false;
  }
}

/**
 * True when the process is back waiting for events with SIGINT still caught, after it was sent SIGINT or SIGTERM:
 * a bpftrace that forgot the signal. bpftrace (0.17 at least) acts on SIGINT or SIGTERM only when the signal
 * interrupts its wait for events; one that lands between two waits (its 100 ms poll timeout, stretched to
 * milliseconds under load) sets a flag nobody reads again. Once it leaves its event loop it detaches, drains END's
 * output in waits of at most 100 ms, and puts SIGINT back to its default before printing its maps; so a process
 * seen so twice, FORGOTTEN_CHECK_MS apart, is still in its loop.
 */
export function forgetsStopSignal(pid: number): boolean {
  return catchesInterrupt(pid) && waitsInEpoll(pid);
}

/** How long after a stop signal a backend that may forget it is first looked at, and how far apart the two looks are. */
const FORGOTTEN_AFTER_MS = 500;
const FORGOTTEN_CHECK_MS = 150;

/**
 * After a stop signal to pid (a bpftrace that may forget it): from FORGOTTEN_AFTER_MS on, sends it SIGTERM each time it
 * is seen forgetting, twice FORGOTTEN_CHECK_MS apart, until done(); sent() follows each SIGTERM. For one process
 * that is not in a group probectl stops (the writer of `bpftrace | probectl parse`); stopGroup has this in its steps.
 * Its timers never keep the process running.
 */
export async function termWhileForgetting(pid: number, done: () => boolean, sent: () => void = () => {}): Promise<void> {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
  await pause(FORGOTTEN_AFTER_MS);
  while (!done()) {
    if (forgetsStopSignal(pid)) {
      await pause(FORGOTTEN_CHECK_MS);
      if (!done() && forgetsStopSignal(pid)) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          return; // gone
        }
        sent();
      }
    }
    await pause(FORGOTTEN_CHECK_MS);
  }
}

/** The group's leader, when the caller is watching it: no need to look in /proc while it runs. */
export interface Leader {
  running(): boolean;
  /** Resolves when it has exited (and been reaped). */
  exited: Promise<unknown>;
}

export interface StopOptions {
  /**
   * The backend may forget a SIGINT or SIGTERM and is harmless to send SIGTERM again (bpftrace: forgetsStopSignal
   * says why; its SIGTERM handler only sets a flag until it exits). When it is seen forgetting one, SIGTERM follows
   * at once instead of after the grace period, and again each time it forgets that.
   */
  resendForgotten?: boolean;
}

/** Signals the group in turn until no live process is left in it. Returns the signals sent, in order, each once. */
export async function stopGroup(pgid: number, grace: Grace = DEFAULT_GRACE, leader?: Leader, options: StopOptions = {}): Promise<NodeJS.Signals[]> {
  const alive = () => leader?.running() || groupAlive(pgid);
  const wait = (ms: number) => (leader?.running() ? Promise.race([sleep(ms), leader.exited]) : sleep(ms));
  const sent: NodeJS.Signals[] = [];
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', grace.int],
    ['SIGTERM', grace.term],
    ['SIGKILL', Infinity],
  ];
  for (const [signal, ms] of steps) {
    if (!signalGroup(pgid, signal)) break;
    sent.push(signal);
    let signalledAt = performance.now();
    let lookedAt = signalledAt;
    const deadline = signalledAt + ms;
    while (alive() && performance.now() < deadline) {
      await wait(Math.min(POLL_MS, deadline - performance.now()));
      if (!options.resendForgotten || signal === 'SIGKILL' || performance.now() - signalledAt < FORGOTTEN_AFTER_MS) continue;
      if (performance.now() - lookedAt < FORGOTTEN_CHECK_MS) continue; // a look reads all of /proc
      lookedAt = performance.now();
      const forgetful = groupMembers(pgid).find(forgetsStopSignal);
      if (forgetful === undefined) continue;
      await wait(FORGOTTEN_CHECK_MS);
      if (!forgetsStopSignal(forgetful)) continue;
      if (signal === 'SIGINT') break; // on to SIGTERM now
      signalGroup(pgid, 'SIGTERM');
      signalledAt = performance.now();
    }
    if (!alive()) break;
  }
  return sent;
}
