// Runs one command to completion (ip, nft, clang, bpftrace --version...) with a time limit and bounded output: never throws, always says how it ended.
import { spawn } from 'node:child_process';

export interface OneShotOptions {
  /** Past this, the command is stopped: SIGINT, then SIGTERM, then SIGKILL, each after a short grace. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface OneShotResult {
  argv: readonly string[];
  /** The exit code; null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What it printed, each stream cut at 1 MiB. */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The time limit it ran under. */
  timeoutMs: number;
  /** Why it could not start (ENOENT, EACCES), when it could not. */
  spawnError?: string;
}

const maxOutputBytes = 1024 * 1024;
const graceMs = 500;

/** Runs argv with stdin closed and collects its output; resolves once it has ended, however it ended. */
export function oneShot(argv: readonly string[], options: OneShotOptions): Promise<OneShotResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new TypeError('oneShot needs a command');
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env, cwd: options.cwd });
    const output = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const kept = { stdout: 0, stderr: 0 };
    for (const stream of ['stdout', 'stderr'] as const)
      child[stream].on('data', (chunk: Buffer) => {
        const room = maxOutputBytes - kept[stream];
        if (room <= 0) return;
        output[stream].push(room < chunk.length ? chunk.subarray(0, room) : chunk);
        kept[stream] += Math.min(room, chunk.length);
      });
    let timedOut = false;
    let spawnError: string | undefined;
    const timers: NodeJS.Timeout[] = [];
    timers.push(
      setTimeout(() => {
        timedOut = true;
        child.kill('SIGINT');
        timers.push(setTimeout(() => child.kill('SIGTERM'), graceMs));
        timers.push(setTimeout(() => child.kill('SIGKILL'), 2 * graceMs));
      }, options.timeoutMs),
    );
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code ?? error.message;
    });
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      resolve({
        argv,
        // After a spawn error Node reports the negated errno as the code; there was no exit.
        code: spawnError === undefined ? code : null,
        signal,
        stdout: Buffer.concat(output.stdout).toString('utf8'),
        stderr: Buffer.concat(output.stderr).toString('utf8'),
        timedOut,
        timeoutMs: options.timeoutMs,
        spawnError,
      });
    });
  });
}

/** It gave no verdict: stopped at its time limit, or killed by a signal from elsewhere (a user, the OOM killer). */
export const gaveNoAnswer = (result: OneShotResult): boolean => result.timedOut || result.signal !== null;

/** One line for a detail: how the command ended ("exit code 3", "no answer within 0.2 s"). */
export function howItEnded(result: OneShotResult): string {
  if (result.spawnError !== undefined) return `could not start ${result.argv[0]}: ${result.spawnError}`;
  if (result.timedOut) return `no answer within ${Math.round(result.timeoutMs / 100) / 10} s`;
  if (result.signal !== null) return `killed by ${result.signal}`;
  return `exit code ${result.code}`;
}

/** A command that did not exit 0, for callers that want an error: its command line and what it said on stderr. */
export class OneShotFailed extends Error {
  /** What it printed on stderr, trimmed; or how it ended when it printed nothing. */
  readonly detail: string;
  /** The errno when it could not start (ENOENT when it is not installed). */
  readonly errno: string | undefined;

  constructor(readonly result: OneShotResult) {
    const detail = result.stderr.trim() || howItEnded(result);
    super(`${result.argv.join(' ')}: ${detail}`);
    this.name = 'OneShotFailed';
    this.detail = detail;
    this.errno = result.spawnError;
  }
}

/** Its stdout when the command exited 0 in time; otherwise throws OneShotFailed. */
export function checkedStdout(result: OneShotResult): string {
  if (result.code !== 0 || result.timedOut) throw new OneShotFailed(result);
  return result.stdout;
}
