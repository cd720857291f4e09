// Runs one command (a probe child, in its own process group) and records its stdout and stderr as timed chunks.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Stream } from '../../src/core/layout.js';
import { ProbeChild } from '../../src/run/child.js';
import type { TimedChunk } from '../../src/recording/format.js';

export interface CaptureOptions {
  /** A stdin pipe held open until the command ends (the xdpcount loaders exit at end of stdin). */
  stdinPipe?: boolean;
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

export async function captureCommand(options: CaptureOptions): Promise<CaptureResult> {
  if (options.argv.length === 0) throw new Error('captureCommand: argv is empty');
  const buffers: Record<Stream, Buffer[]> = { stdout: [], stderr: [] };
  const chunks: TimedChunk[] = [];
  let markReady = () => {};
  const ready = new Promise<'ready'>((resolve) => (markReady = () => resolve('ready')));
  const regex = options.ready instanceof RegExp ? options.ready : undefined;
  const child = new ProbeChild(
    { argv: options.argv, env: options.env, cwd: options.cwd, ready: regex, grace: options.graceMs, stdinPipe: options.stdinPipe },
    {
      ready: () => regex && markReady(), // without a pattern, ready comes from the timer below
      output: (stream, data, t) => {
        chunks.push({ t, stream, bytes: data.length });
        buffers[stream].push(data);
      },
    },
  );
  const t0 = performance.now();
  const elapsed = () => Math.round((performance.now() - t0) * 10) / 10;
  const done = new AbortController(); // cancels pending timers once the command has ended
  const wait = (ms: number) => sleep(Math.max(0, ms), 'timeout' as const, { signal: done.signal }).catch(() => 'timeout' as const);
  const ended = child.ended.then(() => (done.abort(), 'ended' as const));
  if (regex === undefined) void wait(typeof options.ready === 'number' ? options.ready : 0).then(markReady);

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
  const end = await child.stop();
  await workload; // a workload outlives a tool that died early: let it finish before returning
  if (end.spawnError !== undefined) throw new Error(`cannot start ${options.argv.join(' ')}: ${end.spawnError}`);
  if (failure) throw failure.error;
  return {
    stdout: Buffer.concat(buffers.stdout),
    stderr: Buffer.concat(buffers.stderr),
    chunks,
    startedAt: child.startedAt,
    readyAt,
    endedAt: end.endedAt,
    exitCode: end.exitCode,
    signal: end.signal,
  };
}
