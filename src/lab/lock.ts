// One user of the lab at a time across processes (a test suite, a capture, a person): an flock(1) on /run/probectl-lab.lock, freed when its holder ends.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { ProbectlError } from '../core/errors.js';

export const LOCK_PATH = '/run/probectl-lab.lock';
let depth = 0; // re-entrant within this process: a suite holding the lab can call labUp, labTraffic, labDown
let held: (() => void) | undefined;

export interface HoldOptions {
  /** How long to wait for another holder (default 120 s). */
  waitMs?: number;
  /** Told once, after a moment, who holds the lab while we wait (default: a line on stderr). */
  onWait?: (holder: string) => void;
}

/** Takes the lab for this process until the returned function is called (or the process ends). */
export async function holdLab(options: HoldOptions = {}): Promise<() => void> {
  if (depth > 0) return releaser();
  await acquire(options.waitMs ?? 120_000, options.onWait ?? ((h) => process.stderr.write(`probectl: waiting for the lab, in use by ${h}\n`)));
  return releaser();
}

export async function withLabLock<T>(work: () => Promise<T>, options?: HoldOptions): Promise<T> {
  const release = await holdLab(options);
  try {
    return await work();
  } finally {
    release();
  }
}

function releaser(): () => void {
  depth++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--depth === 0) held?.();
  };
}

/**
 * flock waits for the lock, runs a shell that says "locked" and then `cat`s our pipe, and holds the lock (alone: -o) until
 * that ends. Release closes the pipe; so does our exit, even a crash.
 */
function acquire(waitMs: number, onWait: (holder: string) => void): Promise<void> {
  const child = spawn('flock', ['-o', '-w', String(Math.ceil(waitMs / 1000)), LOCK_PATH, 'sh', '-c', 'echo locked; exec cat'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const notice = setTimeout(() => onWait(holder()), 500);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.stdout.once('data', () => {
      clearTimeout(notice);
      writeFileSync(LOCK_PATH, `${process.pid} ${process.argv.slice(1).join(' ')}\n`); // who holds it, for those who wait
      for (const handle of [child, child.stdin, child.stdout, child.stderr]) (handle as Socket).unref(); // holding does not keep us alive
      held = () => {
        held = undefined;
        child.stdin.destroy(); // closes the pipe now: cat ends, flock ends, the lock is free
      };
      resolve();
    });
    child.on('error', (error) => {
      clearTimeout(notice);
      reject(
        new ProbectlError('LAB', `cannot lock the lab: ${error.message}`, 'Install util-linux (it has flock), e.g. apt-get install -y util-linux.', {
          cause: error,
        }),
      );
    });
    child.on('exit', (code) => {
      clearTimeout(notice);
      if (held === undefined)
        reject(
          new ProbectlError(
            'LAB',
            `the lab is in use by ${holder()}, still after ${Math.round(waitMs / 1000)} s${stderr ? ` (${stderr.trim()})` : ''} (exit ${code}).`,
            'Wait for it to finish, or stop that process.',
          ),
        );
    });
  });
}

function holder(): string {
  try {
    const [pid = '?', ...command] = readFileSync(LOCK_PATH, 'utf8').trim().split(' ');
    return `pid ${pid} (${command.join(' ') || 'unknown command'})`;
  } catch {
    return 'another process';
  }
}
