// probectl fleet run: every host run at once (at most `parallel` connecting), the duration counted from the last ready host or the ready timeout, one ordered stream.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setLongTimeout, type LongTimer } from '../core/long-timer.js';
import type { ProbeEvent } from '../events/index.js';
import type { HostFacts } from '../host/facts.js';
import type { BackendChoice } from '../plan/catalog.js';
import type { Filters } from '../plan/filters.js';
import type { ProbePlan, ProbeSettings } from '../plan/plan.js';
import type { Grace } from '../run/stop.js';
import { HostRun, type HostOutcome } from './host-run.js';
import { OrderedMerge } from './ordered-merge.js';
import type { SshSettings } from './ssh-options.js';
import type { HostTarget } from './targets.js';

export interface FleetRunOptions {
  targets: readonly HostTarget[];
  ssh: SshSettings;
  /** At most this many connections being set up at once. */
  parallel: number;
  backend?: BackendChoice;
  filters?: Filters;
  settings?: ProbeSettings;
  /** Counted from the moment the last host is ready, or from the ready timeout; unset: until `signal` aborts. */
  durationMs?: number;
  /** Hosts not ready this long after the start are stragglers: reported failed, not waited for. */
  readyTimeoutMs: number;
  signal?: AbortSignal;
  kill?: AbortSignal;
  validate?: boolean;
  grace?: Grace;
  /** How long the merged stream holds an event for a later one with an earlier ts (default 250 ms). */
  windowMs?: number;
  /** Only measure each host's facts (fleet doctor). */
  factsOnly?: boolean;
  /** Plans a host's probes on its facts instead of names, backend, filters and settings (a runbook's); a ProbectlError fails the host. */
  plan?: (target: HostTarget, facts: HostFacts) => ProbePlan[];
  /** How often each host's clock offset is measured again (default 60 s). */
  clockIntervalMs?: number;
  /** Records each host's probes under <dir>/<host>/<probe>/. */
  record?: string;
}

/** A counting semaphore: at most n holders. */
function slots(n: number): () => Promise<() => void> {
  let free = n;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next === undefined) free++;
    else next();
  };
  return () =>
    new Promise((resolve) => {
      if (free > 0) {
        free--;
        resolve(release);
      } else waiting.push(() => resolve(release));
    });
}

export class FleetRun {
  readonly events: OrderedMerge;
  readonly hosts: HostRun[];
  private readonly controlDir: string;
  private durationTimer: LongTimer | undefined;
  private readyTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    names: readonly string[],
    private readonly options: FleetRunOptions,
  ) {
    this.events = new OrderedMerge(options.windowMs ?? 250);
    // The control sockets: short paths (sun_path holds 108 bytes), readable by this user alone.
    this.controlDir = mkdtempSync(join(tmpdir(), 'probectl-fleet-'));
    const slot = slots(options.parallel);
    this.hosts = options.targets.map(
      (target, i) =>
        new HostRun(target, {
          names,
          backend: options.backend ?? 'auto',
          filters: options.filters ?? {},
          settings: options.settings ?? {},
          ssh: options.ssh,
          controlPath: join(this.controlDir, `${i}.sock`),
          validate: options.validate ?? true,
          grace: options.grace,
          readyTimeoutMs: options.readyTimeoutMs,
          slot,
          emit: (event: ProbeEvent) => this.events.push(event),
          settled: () => this.onSettled(),
          factsOnly: options.factsOnly,
          plan: options.plan,
          clockIntervalMs: options.clockIntervalMs,
          record: options.record,
        }),
    );
  }

  get outcomes(): HostOutcome[] {
    return this.hosts.map((h) => h.outcome);
  }

  /** Runs every host; resolves once all have ended and the stream has its last event. */
  async run(): Promise<HostOutcome[]> {
    const onAbort = () => void this.stop();
    const onKill = () => void this.kill();
    const lastResort = () => rmSync(this.controlDir, { recursive: true, force: true });
    process.on('exit', lastResort);
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    this.options.kill?.addEventListener('abort', onKill, { once: true });
    this.readyTimer = setTimeout(() => this.onReadyTimeout(), this.options.readyTimeoutMs);
    let failure: unknown;
    try {
      const results = await Promise.allSettled(this.hosts.map((h) => h.run()));
      failure = results.find((r) => r.status === 'rejected')?.reason;
    } finally {
      clearTimeout(this.readyTimer);
      this.durationTimer?.clear();
      this.options.signal?.removeEventListener('abort', onAbort);
      this.options.kill?.removeEventListener('abort', onKill);
      process.off('exit', lastResort);
      lastResort();
      this.events.end(failure);
    }
    return this.outcomes;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.durationTimer?.clear();
    clearTimeout(this.readyTimer);
    await Promise.all(this.hosts.map((h) => h.stop()));
  }

  async kill(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.hosts.map((h) => h.kill()));
  }

  /** Late hosts are stragglers; the duration starts for the others. */
  private onReadyTimeout(): void {
    for (const host of this.hosts) host.abandon(this.options.readyTimeoutMs);
  }

  private onSettled(): void {
    if (this.stopping || this.durationTimer !== undefined || !this.hosts.every((h) => h.settledYet)) return;
    clearTimeout(this.readyTimer);
    if (this.options.durationMs !== undefined) this.durationTimer = setLongTimeout(() => void this.stop(), this.options.durationMs);
  }
}
