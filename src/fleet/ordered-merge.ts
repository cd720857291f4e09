// The hosts' events as one stream ordered by time: each event is held a short window, then handed on in ts order (ties keep arrival order).
import type { ProbeEvent } from '../events/index.js';

export class OrderedMerge implements AsyncIterable<ProbeEvent> {
  private held: ProbeEvent[] = [];
  private ready: ProbeEvent[] = [];
  private ended = false;
  private error: unknown;
  private wake: (() => void) | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** How long an event waits for a later-arriving event with an earlier ts. */
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.release(false), Math.max(10, Math.floor(windowMs / 2)));
  }

  push(event: ProbeEvent): void {
    if (this.ended) return;
    this.held.push(event);
  }

  /** No more events: what is held goes out in order, then the stream ends (with the error, if given). */
  end(error?: unknown): void {
    this.release(true);
    this.ended = true;
    this.error = error;
    clearInterval(this.timer);
    this.wake?.();
  }

  /** Hands on every held event older than the window (all of them at the end), in ts order. */
  private release(all: boolean): void {
    if (this.held.length === 0) return;
    const cut = all ? Infinity : this.now() - this.windowMs;
    const out = this.held.filter((e) => e.ts <= cut);
    if (out.length === 0) return;
    this.held = this.held.filter((e) => e.ts > cut);
    out.sort((a, b) => a.ts - b.ts); // stable: equal times keep their arrival order
    this.ready.push(...out);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ProbeEvent> {
    try {
      for (;;) {
        if (this.ready.length > 0) {
          const batch = this.ready;
          this.ready = [];
          yield* batch;
        } else if (this.ended) {
          if (this.error !== undefined) throw this.error;
          return;
        } else await new Promise<void>((resolve) => (this.wake = resolve)).then(() => (this.wake = undefined));
      }
    } finally {
      clearInterval(this.timer);
    }
  }
}
