// The push loop of --push: POSTs the text exposition every interval and once at the end; a failed push is a warning and a retry next time.
import { post } from './post-outcome.js';
import type { Exposition } from './server.js';

export interface PushTarget {
  /** Used as given: a VictoriaMetrics /api/v1/import/prometheus, a Pushgateway /metrics/job/NAME[/label/value...]. */
  url: URL;
  intervalMs: number;
}

/** The URL for messages, its password hidden. */
export function shownUrl(url: URL): string {
  if (url.password === '') return url.href;
  const shown = new URL(url.href);
  shown.password = '***';
  return shown.href;
}

export class MetricsPusher {
  /** Pushes so far, for the run's closing words and the tests. */
  readonly pushes = { ok: 0, failed: 0 };
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private failedInARow = 0;
  private lastProblem: string | undefined;

  constructor(
    private readonly target: PushTarget,
    private readonly metrics: Exposition,
    private readonly warn: (line: string) => void,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Stops the loop, waits for a push under way, and pushes one last time: everything counted until now. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    const problem = await this.push();
    if (problem !== undefined) this.warn(`probectl: warning: the last push of the metrics to ${shownUrl(this.target.url)} failed: ${problem}`);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.pushAndReport().finally(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.target.intervalMs);
    this.timer.unref(); // the run keeps the process alive, not the pusher
  }

  private async pushAndReport(): Promise<void> {
    const problem = await this.push();
    const url = shownUrl(this.target.url);
    if (problem === undefined) {
      if (this.failedInARow > 0) this.warn(`probectl: pushed the metrics to ${url} again, after ${this.failedInARow} failed pushes`);
      this.failedInARow = 0;
      this.lastProblem = undefined;
      return;
    }
    this.failedInARow++;
    // One line per new problem, not one per interval while the same one lasts.
    if (problem !== this.lastProblem)
      this.warn(`probectl: warning: could not push the metrics to ${url}: ${problem}; trying again every ${this.target.intervalMs / 1000} s`);
    this.lastProblem = problem;
  }

  /** One POST of the current exposition; what went wrong, or undefined. */
  private async push(): Promise<string | undefined> {
    const outcome = await post(this.target.url, { 'content-type': this.metrics.contentType }, await this.metrics.text());
    if (outcome.kind === 'sent') {
      this.pushes.ok++;
      return undefined;
    }
    this.pushes.failed++;
    return outcome.problem;
  }
}
