// The push loop of --push to a remote write URL: a snapshot of every series each interval, spooled and sent oldest first, with backoff while the server is away.
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { plural } from '../core/plural.js';
import { type PostOutcome, post } from './post-outcome.js';
import { shownUrl, type PushTarget } from './push.js';
import { SampleSpool, type SpoolLimits } from './sample-spool.js';
import { snapshotSeries } from './snapshot-series.js';
import { REMOTE_WRITE_HEADERS, writeRequestBody } from './write-request.js';

export interface MetricsSnapshot {
  snapshot(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

/** A URL that takes remote write: its path ends in /api/v1/write (Prometheus, VictoriaMetrics, Mimir, Thanos receive...). */
export const isRemoteWriteUrl = (url: URL): boolean => /\/api\/v1\/write\/?$/.test(url.pathname);

/** Waits between tries while the server is away: doubling from the first, never above the last. */
export const BACKOFF_MS = { first: 500, max: 30_000 } as const;
/** At stop, the spool gets this many more tries (with backoff) before what is left is given up. */
const FINAL_TRIES = 4;

export class RemoteWritePusher {
  /** Requests so far, for the closing words and the tests. */
  readonly pushes = { ok: 0, failed: 0, refused: 0 };
  readonly sent = { samples: 0 };
  private readonly spool: SampleSpool;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;
  private lastTimestamp = 0;
  private failedInARow = 0;
  private lastProblem: string | undefined;
  private saidFull = false;

  constructor(
    private readonly target: PushTarget,
    private readonly metrics: MetricsSnapshot,
    private readonly warn: (line: string) => void,
    spool: SpoolLimits,
  ) {
    this.spool = new SampleSpool(spool);
  }

  start(): void {
    this.timer = setInterval(() => void this.takeSnapshot().then(() => this.kick()), this.target.intervalMs);
    this.timer.unref(); // the run keeps the process alive, not the pusher
  }

  /** A last snapshot, then a few more tries for everything spooled; says what could not be sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.wake?.();
    await this.sending;
    await this.takeSnapshot();
    for (let tries = 0; tries < FINAL_TRIES && this.spool.first() !== undefined; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS.first * 2 ** (tries - 1)));
      await this.drain(false);
    }
    const left = this.spool.size;
    this.spool.close();
    const url = shownUrl(this.target.url);
    if (left.requests > 0)
      this.warn(
        `probectl: warning: ${plural(left.samples, 'sample')} of ${plural(left.requests, 'remote write request')} could not be sent to ${url} (${this.lastProblem}) and are lost`,
      );
    const { dropped } = this.spool;
    if (dropped.requests > 0)
      this.warn(
        `probectl: warning: ${plural(dropped.samples, 'sample')} (${plural(dropped.requests, 'snapshot')}) were dropped while ${url} was away: the spool was full`,
      );
  }

  private async takeSnapshot(): Promise<void> {
    const timestamp = Math.max(Date.now(), this.lastTimestamp + 1); // two snapshots never share a timestamp: receivers refuse a second value
    this.lastTimestamp = timestamp;
    const series = snapshotSeries(await this.metrics.snapshot(), timestamp);
    if (series.length === 0) return;
    if (this.spool.add({ body: writeRequestBody(series), samples: series.length }) || this.saidFull) return;
    this.saidFull = true;
    const where =
      this.spool.fileProblem ?? (this.spool.file === undefined ? 'memory is full; --spool DIR adds a file' : `memory and ${this.spool.file} are full`);
    this.warn(`probectl: warning: dropping snapshots of the metrics while ${shownUrl(this.target.url)} is away: ${where}`);
  }

  private kick(): void {
    if (this.sending !== undefined || this.stopped) return;
    this.sending = this.drain(true).finally(() => (this.sending = undefined));
  }

  /** Sends the spool oldest first; while the server is away, waits with backoff (when asked to) or returns. */
  private async drain(wait: boolean): Promise<void> {
    for (let request = this.spool.first(); request !== undefined; request = this.spool.first()) {
      const outcome = await post(this.target.url, REMOTE_WRITE_HEADERS, request.body);
      this.note(outcome);
      if (outcome.kind === 'sent') this.sent.samples += request.samples;
      if (outcome.kind !== 'retry') {
        this.spool.shift();
        continue;
      }
      if (!wait || this.stopped) return;
      const delay = Math.min(BACKOFF_MS.max, Math.max(outcome.retryAfterMs ?? 0, BACKOFF_MS.first * 2 ** Math.min(this.failedInARow - 1, 16)));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      if (this.stopped) return;
    }
  }

  private note(outcome: PostOutcome): void {
    const url = shownUrl(this.target.url);
    if (outcome.kind === 'sent') {
      this.pushes.ok++;
      if (this.failedInARow > 0) this.warn(`probectl: pushed the metrics to ${url} again, after ${plural(this.failedInARow, 'failed try', 'failed tries')}`);
      this.failedInARow = 0;
      this.lastProblem = undefined;
      return;
    }
    if (outcome.kind === 'refused') {
      // A 4xx other than 429 would be refused again: the request is dropped, as Prometheus's own remote write does.
      this.pushes.refused++;
      this.warn(`probectl: warning: ${url} refused a remote write request (${outcome.problem}); its samples are dropped`);
      return;
    }
    this.pushes.failed++;
    this.failedInARow++;
    if (outcome.problem !== this.lastProblem)
      this.warn(`probectl: warning: could not push the metrics to ${url}: ${outcome.problem}; keeping them and trying again with backoff`);
    this.lastProblem = outcome.problem;
  }
}
