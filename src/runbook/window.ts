// The observation window: the span during which every probe was observing, from the last one ready to the first one ended.
import type { ProbeEvent } from '../events/index.js';

export class ObservationWindow {
  private readonly readyAt = new Map<string, number>();
  private endedAt: number | undefined;
  private firstTs: number | undefined;
  private lastTs: number | undefined;

  /** A live run: probe.status says when each probe became ready and when it ended. */
  observe(event: ProbeEvent): void {
    if (this.firstTs === undefined || event.ts < this.firstTs) this.firstTs = event.ts;
    if (this.lastTs === undefined || event.ts > this.lastTs) this.lastTs = event.ts;
    if (event.type !== 'probe.status') return;
    if (event.state === 'ready') this.readyAt.set(event.probe, event.ts);
    if (event.state === 'stopped' || event.state === 'failed') this.ended(event.ts);
  }

  /**
   * A replay: a recording holds no status, so a probe counts as ready at its first output on stdout (the banner or
   * header a tool prints once attached; warnings before it go to stderr), and as ended when its recording ends.
   */
  recorded(probe: string, readyAt: number, endedAt: number): void {
    this.readyAt.set(probe, readyAt);
    this.ended(endedAt);
  }

  private ended(ts: number): void {
    this.endedAt = Math.min(this.endedAt ?? ts, ts);
  }

  result(): { start: number; end: number; seconds: number } {
    const start = this.readyAt.size > 0 ? Math.max(...this.readyAt.values()) : (this.firstTs ?? 0);
    const end = Math.max(this.endedAt ?? this.lastTs ?? start, start);
    return { start, end, seconds: (end - start) / 1000 };
  }
}

/** Hosts observed together: from the last host's start to the first host's end (their common span). */
export function commonSpan(spans: ReadonlyArray<{ start: number; end: number }>): { start: number; end: number; seconds: number } {
  if (spans.length === 0) return { start: 0, end: 0, seconds: 0 };
  const start = Math.max(...spans.map((s) => s.start));
  const end = Math.max(Math.min(...spans.map((s) => s.end)), start);
  return { start, end, seconds: (end - start) / 1000 };
}
