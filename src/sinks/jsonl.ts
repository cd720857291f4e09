// JSON Lines out: one event per line, batched as bytes into large writes, with backpressure.
import { fstatSync, WriteStream, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { JsonBytes } from '../core/json-line-batch.js';
import type { ProbeEvent } from '../events/index.js';
import { enlargeStdoutPipe, stdoutIsPipe } from '../run/enlarge-stdout-pipe.js';

/**
 * A batch's size: each write of one to a file costs node some 6 µs of its own (3,280 writes of 50 KB to /dev/null took
 * 29 ms of CPU, 626 of 256 KB 8 ms), and a parse writes three times the bytes it reads.
 */
const BATCH_BYTES = 1 << 18;

export class JsonlSink {
  /** The batch; the pipeline appends events it serialised (and rows it wrote from their bytes) to it directly. */
  readonly batch = new JsonBytes(BATCH_BYTES, () => this.flush());
  /**
   * Stdout and files have written a chunk out (to the kernel) when they call back, so its buffer may
   * be written again; a stream that keeps chunks (a PassThrough) is never given one back.
   */
  private readonly recycles: boolean;
  /** Stdout's descriptor when it is a file or a device such as /dev/null (see fileStdout); else undefined. */
  private readonly fd: number | undefined;
  /** A write to that descriptor failed: what follows is dropped (the stream's listeners were told). */
  failed = false;
  /** Stdout is a pipe (see writeToPipe). */
  private readonly pipe: boolean;
  /** The pipe is enlarged once a full batch shows the output is more than a few lines. */
  private pipeEnlarged = false;

  constructor(private readonly out: Writable) {
    this.recycles = out === process.stdout || out instanceof WriteStream;
    this.fd = out === process.stdout ? fileStdout() : undefined;
    this.pipe = out === process.stdout && this.fd === undefined && stdoutIsPipe();
  }

  write(event: ProbeEvent): void {
    this.batch.line(JSON.stringify(event));
  }

  /** Writes what is batched; false when the reader is slow and the caller should wait for 'drain'. */
  flush(): boolean {
    const bytes = this.batch.take();
    if (bytes === undefined) return !this.out.writableNeedDrain;
    if (this.fd !== undefined) return this.writeNow(this.fd, bytes);
    if (this.pipe) return this.writeToPipe(bytes);
    return this.recycles ? this.out.write(bytes, () => this.batch.reuse(bytes)) : this.out.write(bytes);
  }

  /**
   * A blocking write of the whole batch, whose buffer is then free at once. A failure goes to the stream's 'error'
   * listeners (on the next tick, as a stream's would), and what comes after it is dropped.
   */
  private writeNow(fd: number, bytes: Buffer): boolean {
    if (this.writeSyncFrom(fd, bytes, false) === bytes.length) this.batch.reuse(bytes);
    return true;
  }

  /**
   * A pipe takes what it has room for at once, with writeSync (its descriptor is non-blocking: a full pipe throws
   * EAGAIN), and the batch's buffer is free again; the rest goes through the stream, which waits for the reader, and
   * the caller waits for 'drain'. Only while the stream holds nothing: its queue is written first. Written through the
   * stream alone, a batch the pipe took at once was called back only on a later tick, which a parse of a file does not
   * reach: with a pipe enlarged to 1 MiB, a parse of 1,000,000 lines kept every batch and peaked at 282 MB.
   */
  private writeToPipe(bytes: Buffer): boolean {
    if (!this.pipeEnlarged && bytes.length >= BATCH_BYTES) {
      this.pipeEnlarged = true;
      enlargeStdoutPipe();
    }
    let rest = bytes;
    if (this.out.writableLength === 0) {
      const at = this.writeSyncFrom(1, bytes, true);
      if (at === undefined) return true;
      if (at === bytes.length) {
        this.batch.reuse(bytes);
        return true;
      }
      rest = bytes.subarray(at);
    }
    return this.out.write(rest, () => this.batch.reuse(bytes));
  }

  /**
   * Writes bytes to fd with writeSync until all are written or, for a pipe, it would block (EAGAIN); how many were
   * written. Undefined when a write failed, or one did before: the failure went to the stream's 'error' listeners.
   */
  private writeSyncFrom(fd: number, bytes: Buffer, pipe: boolean): number | undefined {
    if (this.failed) return undefined;
    let at = 0;
    try {
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (error) {
      if (pipe && (error as NodeJS.ErrnoException).code === 'EAGAIN') return at;
      this.failed = true;
      this.out.destroy(error as Error);
      return undefined;
    }
    return at;
  }
}

/**
 * Stdout's descriptor when it is a regular file or a character device that is not a terminal (/dev/null). Node
 * writes such a stdout synchronously but calls each write back on a later tick, which a parse of a file (blocking
 * reads, never waiting on the event loop) does not reach before its end: every batch stayed referenced, 240 MB for
 * 500,000 events, and the collector's work doubled the parse's time. Written here with writeSync, a batch's buffer is
 * reused at once.
 */
function fileStdout(): number | undefined {
  try {
    const stat = fstatSync(1);
    return stat.isFile() || (stat.isCharacterDevice() && !process.stdout.isTTY) ? 1 : undefined;
  } catch {
    return undefined;
  }
}
