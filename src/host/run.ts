// Runs one child to completion with a time limit and bounded output; never throws, always reports.
import { spawn } from 'node:child_process';

export interface RunResult {
  /** The exit code; null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The time limit it ran under. */
  timeoutMs: number;
  /** Why the child could not start (ENOENT, EACCES), when it could not. */
  spawnError?: string;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const maxOutput = 64 * 1024;
const killGraceMs = 1000;

/** Runs argv; on timeout sends SIGTERM, then SIGKILL after a grace period. */
export function runCommand(argv: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    if (file === undefined) throw new TypeError('runCommand needs a command');
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let spawnError: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < maxOutput) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < maxOutput) stderr += chunk.toString('utf8');
    });
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), killGraceMs);
    }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = `${file}: ${error.code ?? error.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      // After a spawn error Node reports the negated errno as the code; there was no exit.
      resolve({ code: spawnError === undefined ? code : null, signal, stdout, stderr, timedOut, timeoutMs: options.timeoutMs, spawnError });
    });
  });
}

/** One line for a detail: how the child ended, when it did not exit 0. */
export function describeEnd(result: RunResult): string {
  if (result.spawnError !== undefined) return `could not start ${result.spawnError}`;
  if (result.timedOut) return `no answer within ${Math.round(result.timeoutMs / 100) / 10} s`;
  if (result.signal !== null) return `killed by ${result.signal}`;
  return `exit code ${result.code}`;
}
