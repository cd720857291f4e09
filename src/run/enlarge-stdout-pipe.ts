// Enlarges the pipe probectl's own stdout is, through the native launcher: node cannot call fcntl itself.
import { spawn } from 'node:child_process';
import { fstatSync } from 'node:fs';
import { nativeLauncher } from './launcher.js';

/**
 * What is asked: the launcher gets at most fs.pipe-max-size (1 MiB by default) without CAP_SYS_RESOURCE. A 64 KiB pipe
 * holds a quarter of one of the JSONL sink's batches, so each batch waited for the reader (jq, cat) to take three
 * quarters of it, many wake-ups of both sides per batch.
 */
const PIPE_BYTES = 1 << 20;

/** True when fd 1 is a pipe (a FIFO): what enlargeStdoutPipe can enlarge. */
export function stdoutIsPipe(): boolean {
  try {
    return fstatSync(1).isFIFO();
  } catch {
    return false;
  }
}

/**
 * Best effort, not waited for: the launcher, given our stdout as its own, sets the pipe's size and execs `true`. A pipe
 * is one object in the kernel, whichever process sets its size. Without the launcher the pipe keeps its size.
 */
export function enlargeStdoutPipe(): void {
  const launcher = nativeLauncher();
  if (launcher === null) return;
  try {
    const child = spawn(launcher, ['--stdout-buffer', String(PIPE_BYTES), '--', 'true'], { stdio: ['ignore', 1, 'ignore'] });
    child.on('error', () => {});
    child.unref();
  } catch {} // a spawn that fails leaves the pipe as it was
}
