// One host's events over the last few seconds, oldest first, as the continuous evaluation of `probectl watch` sees them: bounded, trimmed as time goes on.
import type { ProbeEvent } from '../events/index.js';

export class SlidingWindow {
  private events: ProbeEvent[] = [];
  private head = 0;
  /** Events that left early because the window was full. */
  dropped = 0;
  /** The host's time: its latest event's ts, and when it arrived here (Date.now()). */
  private latest: { ts: number; at: number } | undefined;
  /** The ts of the first event seen, for the span observed before the window is full. */
  private firstTs: number | undefined;

  constructor(
    readonly spanMs: number,
    /** The most events it holds: beyond, the oldest leave early. */
    readonly limit = 100_000,
  ) {}

  add(event: ProbeEvent, now: number): void {
    if (this.latest === undefined || event.ts >= this.latest.ts) this.latest = { ts: event.ts, at: now };
    this.firstTs ??= event.ts;
    if (this.events.length - this.head >= this.limit) {
      this.head++;
      this.dropped++;
    }
    this.events.push(event);
  }

  /** The host's latest event time (ms), or undefined before its first event. */
  get latestTs(): number | undefined {
    return this.latest?.ts;
  }

  /**
   * The host's clock now: its latest event's time, moved on by the time since that event arrived, so that a host that
   * falls silent still sees its old events leave the window.
   */
  clock(now: number): number {
    return this.latest === undefined ? now : this.latest.ts + (now - this.latest.at);
  }

  /** The events within the span up to `clock`, oldest first; older ones are forgotten, later ones kept for later. */
  current(clock: number): ProbeEvent[] {
    const from = clock - this.spanMs;
    while (this.head < this.events.length && this.events[this.head]!.ts < from) this.head++;
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
    const inWindow = this.events.slice(this.head);
    // Later events are there only while a backlog is evaluated at the times before them (probes' lines interleave by a few ms).
    return inWindow.length > 0 && inWindow[inWindow.length - 1]!.ts > clock ? inWindow.filter((e) => e.ts <= clock) : inWindow;
  }

  /** Seconds the window covers at `clock`: its span, or less while the host has not been seen for that long. */
  seconds(clock: number): number {
    return Math.min(this.spanMs, clock - (this.firstTs ?? clock)) / 1000;
  }
}
