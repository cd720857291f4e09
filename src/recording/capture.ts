// Runs one command in its own process group and records its stdout and stderr as timed chunks.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Stream } from '../core/layout.js';
import type { TimedChunk } from './format.js';

export interface CaptureOptions {
  /** The command and its arguments. */
  argv: readonly string[];
  /** Added to (and overriding) this process's environment, e.g. { PYTHONUNBUFFERED: '1' }. */
  env?: Record<string, string>;
  cwd?: string;
  /** The tool is ready when this matches its stdout or stderr, or after this many ms. Default: ready at once. */
  ready?: RegExp | number;
  /** Gives up waiting for ready after this many ms (the tool is then stopped, the workload skipped). */
  readyTimeoutMs?: number;
  /** Runs once, when the tool is ready. If it throws, the tool is stopped and the error rethrown. */
  workload?: () => Promise<unknown>;
  /** Stop the tool this long after it became ready... */
  durationMs: number;
  /** ...but no sooner than this long after the workload finished, so its last events get printed. */
  settleMs?: number;
  /** Waits after SIGINT, then after SIGTERM, before the next signal. */
  graceMs?: { int: number; term: number };
}

export interface CaptureResult {
  stdout: Buffer;
  stderr: Buffer;
  chunks: TimedChunk[];
  /** Unix epoch ms when the command was spawned. */
  startedAt: number;
  /** ms after start when the tool was ready; undefined if it never was. */
  readyAt: number | undefined;
  /** ms after start when the command ended and its output was closed. */
  endedAt: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

const READY_WINDOW = 4096;

export async function captureCommand(options: CaptureOptions): Promise<CaptureResult> {
  const [command, ...args] = options.argv;
  if (command === undefined) throw new Error('captureCommand: argv is empty');
  const startedAt = Date.now();
  const t0 = performance.now();
  const elapsed = () => Math.round((performance.now() - t0) * 10) / 10;
  // detached: the child leads a new process group, so signals reach everything it starts.
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  const buffers: Record<Stream, Buffer[]> = { stdout: [], stderr: [] };
  const chunks: TimedChunk[] = [];
  const recent: Record<Stream, string> = { stdout: '', stderr: '' };
  let markReady = () => {};
  const ready = new Promise<'ready'>((resolve) => (markReady = () => resolve('ready')));
  const record = (stream: Stream) => (data: Buffer) => {
    chunks.push({ t: elapsed(), stream, bytes: data.length });
    buffers[stream].push(data);
    if (options.ready instanceof RegExp) {
      recent[stream] = (recent[stream] + data.toString('utf8')).slice(-READY_WINDOW);
      if (options.ready.test(recent[stream])) markReady();
    }
  };
  child.stdout.on('data', record('stdout'));
  child.stderr.on('data', record('stderr'));

  const done = new AbortController(); // cancels pending timers once the command has ended
  const wait = (ms: number) => sleep(Math.max(0, ms), 'timeout' as const, { signal: done.signal }).catch(() => 'timeout' as const);
  let hasEnded = false;
  const closed = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const finish = () => ((hasEnded = true), done.abort());
    child.on('error', (e) => (finish(), reject(e))); // could not spawn: no 'close' follows
    child.on('close', (exitCode, signal) => (finish(), resolve({ exitCode, signal })));
  });
  const ended = closed.then(() => 'ended' as const);
  if (!(options.ready instanceof RegExp)) void wait(options.ready ?? 0).then(markReady);

  let readyAt: number | undefined;
  let workload: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  const first = await Promise.race([ready, ended, wait(options.readyTimeoutMs ?? 60_000)]);
  if (first === 'ready') {
    readyAt = elapsed();
    const stopAt = readyAt + options.durationMs;
    if (options.workload) {
      workload = options.workload().then(
        () => {},
        (error: unknown) => void (failure = { error }),
      );
      await Promise.race([workload, ended]);
      if (!failure) await Promise.race([ended, wait(options.settleMs ?? 500)]);
    }
    if (!failure) await Promise.race([ended, wait(stopAt - elapsed())]);
  }
  await stop(child.pid, () => hasEnded, ended, wait, options.graceMs ?? { int: 3000, term: 2000 });
  const { exitCode, signal } = await closed;
  const endedAt = elapsed();
  await workload; // a workload outlives a tool that died early: let it finish before returning
  if (failure) throw failure.error;
  return { stdout: Buffer.concat(buffers.stdout), stderr: Buffer.concat(buffers.stderr), chunks, startedAt, readyAt, endedAt, exitCode, signal };
}

/** SIGINT, then SIGTERM, then SIGKILL to the whole process group, each after a grace period, until it has ended. */
async function stop(pid: number | undefined, hasEnded: () => boolean, ended: Promise<'ended'>, wait: (ms: number) => Promise<'timeout'>, grace: { int: number; term: number }): Promise<void> {
  const steps: [NodeJS.Signals, number][] = [['SIGINT', grace.int], ['SIGTERM', grace.term], ['SIGKILL', 0]];
  for (const [signal, ms] of steps) {
    if (pid === undefined || hasEnded()) return;
    try {
      process.kill(-pid, signal);
    } catch {
      return; // the group is gone
    }
    await Promise.race([ended, wait(ms)]);
  }
  await ended;
}
