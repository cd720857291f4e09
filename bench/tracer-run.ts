// A tracer started for a benchmark: its output to a file, waited for until it prints its ready line, stopped with SIGINT once its output is still.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TracerRun {
  child: ChildProcess;
  pid: number;
  /** Unix ms at the spawn, and performance.now() then. */
  spawnedAt: number;
  /** ms from the spawn to the first sight of the ready line in the output. */
  ready: Promise<number>;
  /** Resolves once it has exited and its output is closed. */
  closed: Promise<unknown>;
}

export interface TracerFiles {
  stdout: string;
  stderr: string;
  /** Where the ready line appears: stdout and stderr unless given (probectl --output FILE writes it to FILE). */
  watch?: string[];
  /** Stdout goes to the file through `cat`, the least a reader can do, over the kind of channel probectl reads its children through. */
  throughCat?: boolean;
}

/** Spawns argv with its stdout and stderr to files, and watches them for `ready`. */
export function startTracer(argv: readonly string[], env: Record<string, string>, files: TracerFiles, ready: RegExp, stdinPipe = false): TracerRun {
  const { stdout: out, stderr: err } = files;
  const watch = files.watch ?? [out, err];
  for (const file of watch) rmSync(file, { force: true }); // a ready line left by an earlier run must not count
  const [outFd, errFd] = [openSync(out, 'w'), openSync(err, 'w')];
  const spawnedAt = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...process.env, ...env },
    stdio: [stdinPipe ? 'pipe' : 'ignore', files.throughCat ? 'pipe' : outFd, errFd],
  });
  const reader = files.throughCat ? spawn('cat', [], { stdio: [child.stdout!, outFd, 'ignore'] }) : undefined;
  child.stdout?.destroy(); // cat holds its own copy; ours, never read, would keep the child from closing
  closeSync(outFd);
  closeSync(errFd);
  const closed = Promise.all([once(child, 'close'), reader && once(reader, 'close')]);
  const readyAt = (async () => {
    for (;;) {
      if (watch.some((file) => ready.test(head(file)))) return performance.now() - spawnedAt;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${argv[0]} ended before it was ready: ${readFileSync(err, 'utf8')}`);
      await sleep(5);
    }
  })();
  readyAt.catch(() => {});
  return { child, pid: child.pid!, spawnedAt, ready: readyAt, closed };
}

/** The first 64 KB of a file (the ready line comes before any event); empty while it does not exist. */
function head(file: string): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(1 << 16);
      return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/**
 * Waits until the file has not grown for `quietMs` (the tracer has written what it had), or `maxMs` have passed
 * (a tracer with no filter keeps writing the machine's other events).
 */
export async function untilStill(file: string, quietMs = 500, maxMs = Number.POSITIVE_INFINITY): Promise<void> {
  const start = performance.now();
  let size = -1;
  for (;;) {
    const now = statSync(file).size;
    if (now === size || performance.now() - start > maxMs) return;
    size = now;
    await sleep(quietMs);
  }
}

/** SIGINT, then SIGKILL if it is still there after `graceMs`; resolves once it has closed. */
export async function stopTracer(run: TracerRun, graceMs = 10_000): Promise<void> {
  run.child.kill('SIGINT');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), graceMs);
  await run.closed;
  clearTimeout(timer);
}
