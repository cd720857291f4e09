// Several probes' events as one stream, in arrival order, with seq renumbered 1, 2, 3... across the whole stream.
import type { ProbeEvent } from '../events/index.js';

export interface MergeOptions {
  /** Above this many undelivered events the producers are told to pause... */
  highWater?: number;
  /** ...and below this many, to resume. */
  lowWater?: number;
  /** Above this much undelivered text (UTF-16 code units) too: a tool printing 1 MB lines makes 1 MB events. */
  highWaterText?: number;
  /** Called with true when the reader falls behind, false when it has caught up. */
  onPressure?(behind: boolean): void;
}

export class MergedStream implements AsyncIterable<ProbeEvent> {
  /** Events before head have been delivered; their slots are emptied so that they can be collected at once. */
  private queue: (ProbeEvent | undefined)[] = [];
  /** The text length of each queued event, measured once, at push. */
  private lengths: number[] = [];
  private head = 0;
  /** The text the undelivered events carry. */
  private pendingText = 0;
  private seq = 0;
  private ended = false;
  private error: unknown;
  /** The reader has left: what is pushed from now on is dropped. */
  private closed = false;
  private behind = false;
  private wake: (() => void) | undefined;
  private readonly highWater: number;
  private readonly lowWater: number;
  private readonly highWaterText: number;

  constructor(private readonly options: MergeOptions = {}) {
    this.highWater = options.highWater ?? 10_000;
    this.lowWater = options.lowWater ?? Math.floor(this.highWater / 10);
    this.highWaterText = options.highWaterText ?? 8 << 20;
  }

  /** Takes an event from any probe and gives it the next seq of the merged stream. */
  push(event: ProbeEvent): void {
    if (this.closed) return;
    event.seq = ++this.seq;
    const length = textLength(event);
    this.queue.push(event);
    this.lengths.push(length);
    this.pendingText += length;
    if (!this.behind && (this.pending() > this.highWater || this.pendingText > this.highWaterText)) this.setBehind(true);
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
          const event = this.queue[this.head]!;
          this.queue[this.head] = undefined;
          this.pendingText -= this.lengths[this.head++]!;
          if (this.head >= 4096 && this.head * 2 >= this.queue.length) this.compact();
          if (this.behind && this.pending() < this.lowWater && this.pendingText < this.highWaterText / 10) this.setBehind(false);
          yield event;
        } else if (this.ended) {
          if (this.error !== undefined) throw this.error;
          return;
        } else await new Promise<void>((resolve) => (this.wake = resolve)).then(() => (this.wake = undefined));
      }
    } finally {
      this.closed = true;
      this.queue = [];
      this.lengths = [];
      this.head = 0;
      this.pendingText = 0;
      if (this.behind) this.setBehind(false);
    }
  }

  private compact(): void {
    this.queue = this.queue.slice(this.head);
    this.lengths = this.lengths.slice(this.head);
    this.head = 0;
  }

  private setBehind(behind: boolean): void {
    this.behind = behind;
    this.options.onPressure?.(behind);
  }
}

/** The length of the text an event carries in its top-level strings and arrays of strings (a raw line, a path, a stack). */
function textLength(event: ProbeEvent): number {
  let n = 0;
  for (const key in event) {
    const value = (event as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') n += value.length;
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') n += item.length;
  }
  return n;
}
