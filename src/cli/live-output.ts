// Events written as they happen: batched within one turn of the event loop, with backpressure, quiet when the reader leaves.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ProbeEvent } from '../events/index.js';
import type { EventWriter } from './output.js';

export class LiveOutput {
  /** The reader has gone (EPIPE: `probectl run ... | head -1`) or the output failed. */
  closed = false;
  /** A failure other than the reader leaving, reported once the run has stopped. */
  error: Error | undefined;
  private scheduled = false;

  constructor(
    private readonly writer: EventWriter,
    private readonly out: Writable,
    /** Called once when the output closes: the run should stop. */
    private readonly onClosed: () => void,
    /** Called before each flush (the progress line clears itself). */
    private readonly beforeFlush: () => void = () => {},
  ) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') this.error ??= error;
      this.close();
    });
  }

  write(event: ProbeEvent): void {
    if (this.closed) return;
    this.writer.write(event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => ((this.scheduled = false), this.flush()));
    }
  }

  /** The reader is behind: what is written waits in memory until room() resolves. */
  get behind(): boolean {
    return !this.closed && this.out.writableNeedDrain;
  }

  /** Resolves at once unless the reader is behind; then when it has caught up (or gone). */
  async room(): Promise<void> {
    if (!this.behind) return;
    const gone = new AbortController();
    await Promise.race([once(this.out, 'drain', { signal: gone.signal }), once(this.out, 'close', { signal: gone.signal })]).catch(() => {});
    gone.abort();
  }

  /** Writes the rest (and what the format prints at the end) and, for a file, closes it. */
  async end(): Promise<void> {
    this.flush();
    if (!this.closed) await this.writer.end?.().catch(() => {}); // a failure of the output is this.error, from its listener
    if (this.out === process.stdout || this.closed) return;
    this.out.end();
    await once(this.out, 'finish').catch(() => {});
  }

  private flush(): void {
    if (this.closed) return;
    this.beforeFlush();
    this.writer.flush();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
  }
}
