// The summary as an output format: events are tallied as they pass, the report is printed when the stream ends.
import type { Writable } from 'node:stream';
import type { ProbeEvent } from '../events/index.js';
import { renderSummary } from '../summary/render.js';
import { colorLevel } from '../summary/render-style.js';
import { Summary } from '../summary/summary.js';

export interface SummarySinkOptions {
  /** Rows in each top list (default 10). */
  top?: number;
  /** A live run: the series runs up to now and, on a terminal, the report is redrawn every `refreshMs`. */
  live?: boolean;
  refreshMs?: number;
}

const CLEAR_SCREEN = '\x1b[2J\x1b[H';

export class SummarySink {
  readonly summary: Summary;
  private readonly level: 0 | 1 | 2 | 3;
  private timer: NodeJS.Timeout | undefined;
  private redrawn = false;

  constructor(
    private readonly out: Writable & { isTTY?: boolean },
    options: SummarySinkOptions = {},
  ) {
    this.summary = new Summary({ top: options.top, ...(options.live === true && { now: Date.now }) });
    this.level = colorLevel(out);
    if (options.live === true && out.isTTY === true) this.timer = setInterval(() => this.redraw(), options.refreshMs ?? 3000).unref();
  }

  write(event: ProbeEvent): void {
    this.summary.add(event);
  }

  /** Nothing is written while the stream lasts (but the redraws); false when the reader is behind. */
  flush(): boolean {
    return !this.out.writableNeedDrain;
  }

  /** Writes the report and returns its text. */
  end(): string {
    clearInterval(this.timer);
    this.timer = undefined;
    const text = this.render();
    this.out.write((this.redrawn ? CLEAR_SCREEN : '') + text);
    return text;
  }

  private redraw(): void {
    if (this.out.writableNeedDrain || this.out.destroyed) return;
    this.redrawn = true;
    this.out.write(CLEAR_SCREEN + this.render());
  }

  private render(): string {
    return renderSummary(this.summary.report(), { level: this.level });
  }
}
