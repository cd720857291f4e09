// JSON Lines out: one event per line, batched as bytes into large writes, with backpressure.
import { WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { JsonBytes } from '../core/json-line-batch.js';
import type { ProbeEvent } from '../events/index.js';

const BATCH_BYTES = 1 << 16;

export class JsonlSink {
  /** The batch; the pipeline appends events it serialised (and rows it wrote from their bytes) to it directly. */
  readonly batch = new JsonBytes(BATCH_BYTES, () => this.flush());
  /**
   * Stdout and files have written a chunk out (to the kernel) when they call back, so its buffer may
   * be written again; a stream that keeps chunks (a PassThrough) is never given one back.
   */
  private readonly recycles: boolean;

  constructor(private readonly out: Writable) {
    this.recycles = out === process.stdout || out instanceof WriteStream;
  }

  write(event: ProbeEvent): void {
    this.batch.line(JSON.stringify(event));
  }

  /** Writes what is batched; false when the reader is slow and the caller should wait for 'drain'. */
  flush(): boolean {
    const bytes = this.batch.take();
    if (bytes === undefined) return !this.out.writableNeedDrain;
    return this.recycles ? this.out.write(bytes, () => this.batch.reuse(bytes)) : this.out.write(bytes);
  }
}
