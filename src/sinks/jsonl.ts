// JSON Lines out: one event per line, batched into large writes, with backpressure.
import type { Writable } from 'node:stream';
import type { ProbeEvent } from '../events/index.js';

const BATCH_CHARS = 1 << 16;

export class JsonlSink {
  private buffer = '';

  constructor(private readonly out: Writable) {}

  write(event: ProbeEvent): void {
    this.writeJson(JSON.stringify(event));
  }

  /** An event already serialised (the pipeline's onJson). */
  writeJson(json: string): void {
    this.buffer += json + '\n';
    if (this.buffer.length >= BATCH_CHARS) this.flush();
  }

  /** Writes what is batched; false when the reader is slow and the caller should wait for 'drain'. */
  flush(): boolean {
    if (this.buffer.length === 0) return !this.out.writableNeedDrain;
    const text = this.buffer;
    this.buffer = '';
    return this.out.write(text);
  }
}
