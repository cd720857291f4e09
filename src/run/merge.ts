// Several probes' events as one stream, in arrival order, with seq renumbered 1, 2, 3... across the whole stream.
import type { ProbeEvent } from '../events/index.js';

export interface MergeOptions {
  /** Above this many events held (queued, or in the batch the reader is working through) the producers are told to pause... */
  highWater?: number;
  /** ...and below this many, to resume. */
  lowWater?: number;
  /** Above this much text held (UTF-16 code units) too: a tool printing 1 MB lines makes 1 MB events. */
  highWaterText?: number;
  /** Called with true when the reader falls behind, false when it has caught up. */
  onPressure?(behind: boolean): void;
}

export class MergedStream implements AsyncIterable<ProbeEvent> {
  /** The events the reader has not taken yet. */
  private queue: ProbeEvent[] = [];
  /** The text they carry (UTF-16 code units), measured once each, at push. */
  private queueText = 0;
  /** Held: the queue and the batch the reader has taken and not finished, in events and in text. */
  private held = 0;
  private heldText = 0;
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
    this.queueText += length;
    this.held++;
    this.heldText += length;
    if (!this.behind && (this.held > this.highWater || this.heldText > this.highWaterText)) this.setBehind(true);
    this.wake?.();
  }

  /** No more events will come: the reader finishes once it has taken what is queued (then throws the error, if given). */
  end(error?: unknown): void {
    this.ended = true;
    this.error = error;
    this.wake?.();
  }

  /** One event at a time: the library's run() and a fleet host's stream. */
  async *[Symbol.asyncIterator](): AsyncGenerator<ProbeEvent> {
    for await (const batch of this.batches()) yield* batch;
  }

  /**
   * Every event queued when the reader comes for more, as one array: a reader that handles them in one synchronous
   * loop pays the async iteration's promises once a batch instead of once an event (the CLI's run at thousands of
   * events a second). A batch counts as held until the reader comes for the next one, so the high-water marks bound
   * the batch and the queue behind it together.
   */
  async *batches(): AsyncGenerator<ProbeEvent[]> {
    try {
      for (;;) {
        if (this.queue.length > 0) {
          const batch = this.queue;
          const text = this.queueText;
          this.queue = [];
          this.queueText = 0;
          yield batch;
          this.held -= batch.length;
          this.heldText -= text;
          if (this.behind && this.held < this.lowWater && this.heldText < this.highWaterText / 10) this.setBehind(false);
        } else if (this.ended) {
          if (this.error !== undefined) throw this.error;
          return;
        } else await new Promise<void>((resolve) => (this.wake = resolve)).then(() => (this.wake = undefined));
      }
    } finally {
      this.closed = true;
      this.queue = [];
      this.queueText = 0;
      this.held = 0;
      this.heldText = 0;
      if (this.behind) this.setBehind(false);
    }
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
