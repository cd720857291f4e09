// Several probes' events as one stream, in arrival order, with seq renumbered 1, 2, 3... across the whole stream.
import type { ProbeEvent } from '../events/index.js';

export interface MergeOptions {
  /** Above this many undelivered events the producers are told to pause... */
  highWater?: number;
  /** ...and below this many, to resume. */
  lowWater?: number;
  /** Called with true when the reader falls behind, false when it has caught up. */
  onPressure?(behind: boolean): void;
}

export class MergedStream implements AsyncIterable<ProbeEvent> {
  private queue: ProbeEvent[] = [];
  private head = 0;
  private seq = 0;
  private ended = false;
  private error: unknown;
  /** The reader has left: what is pushed from now on is dropped. */
  private closed = false;
  private behind = false;
  private wake: (() => void) | undefined;
  private readonly highWater: number;
  private readonly lowWater: number;

  constructor(private readonly options: MergeOptions = {}) {
    this.highWater = options.highWater ?? 10_000;
    this.lowWater = options.lowWater ?? Math.floor(this.highWater / 10);
  }

  /** Takes an event from any probe and gives it the next seq of the merged stream. */
  push(event: ProbeEvent): void {
    if (this.closed) return;
    event.seq = ++this.seq;
    this.queue.push(event);
    if (!this.behind && this.pending() > this.highWater) this.setBehind(true);
    this.wake?.();
  }

  /** No more events will come: the reader finishes once it has taken what is queued (then throws the error, if given). */
  end(error?: unknown): void {
    this.ended = true;
    this.error = error;
    this.wake?.();
  }

  pending(): number {
    return this.queue.length - this.head;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ProbeEvent> {
    try {
      for (;;) {
        if (this.head < this.queue.length) {
          const event = this.queue[this.head++]!;
          if (this.head >= 4096 && this.head * 2 >= this.queue.length) this.compact();
          if (this.behind && this.pending() < this.lowWater) this.setBehind(false);
          yield event;
        } else if (this.ended) {
          if (this.error !== undefined) throw this.error;
          return;
        }
        else await new Promise<void>((resolve) => (this.wake = resolve)).then(() => (this.wake = undefined));
      }
    } finally {
      this.closed = true;
      this.queue = [];
      this.head = 0;
      if (this.behind) this.setBehind(false);
    }
  }

  private compact(): void {
    this.queue = this.queue.slice(this.head);
    this.head = 0;
  }

  private setBehind(behind: boolean): void {
    this.behind = behind;
    this.options.onPressure?.(behind);
  }
}
