// One host of a fleet run: connect, measure its clock and facts over SSH, plan on them, run the probes there, and say its state at each step.
import { join } from 'node:path';
import { shellQuote } from '../core/shell-quote.js';
import { ProbectlError } from '../core/errors.js';
import type { Backend, EventOf, FleetFailureReason, ProbeEvent } from '../events/index.js';
import type { HostFacts } from '../host/facts.js';
import { factsFromObservations } from '../host/observed-facts.js';
import { remoteFactsScript } from '../host/remote-facts-script.js';
import type { BackendChoice } from '../plan/catalog.js';
import type { Filters } from '../plan/filters.js';
import type { ProbePlan, ProbeSettings } from '../plan/plan.js';
import { hostToolNames } from '../probes/probe-list.js';
import { planProbes } from '../run/resolve.js';
import { Session } from '../run/session.js';
import { DEFAULT_GRACE, type Grace } from '../run/stop.js';
import { measureClock, type ClockReading } from './clock.js';
import { ClockWatch } from './clock-watch.js';
import { factsFailureReason } from './facts-failure.js';
import { SshConnection, type Identity } from './connection.js';
import { remoteCommand } from './remote-command.js';
import type { SshSettings } from './ssh-options.js';
import type { HostTarget } from './targets.js';
import { onLocalClock } from './tool-time.js';

export type HostEvent = EventOf<'fleet.host'>;

/** What a host's run came to, for the hosts table and the exit code. */
export interface HostOutcome {
  host: string;
  state: HostEvent['state'];
  reason?: FleetFailureReason;
  message?: string;
  backend?: Backend[];
  clock_offset_ms?: number;
  /** How many times its clock offset was measured. */
  clock_measures?: number;
  /** It reached ready: its probes ran. */
  ran: boolean;
  /** A probe that failed once the host was running, with why. */
  probeFailures: string[];
  facts?: HostFacts;
}

export interface HostRunContext {
  names: readonly string[];
  backend: BackendChoice;
  filters: Filters;
  settings: ProbeSettings;
  ssh: SshSettings;
  controlPath: string;
  validate: boolean;
  grace?: Grace;
  readyTimeoutMs: number;
  /** Waits for a free connection slot (--parallel); the returned function frees it. */
  slot(): Promise<() => void>;
  emit(event: ProbeEvent): void;
  /** The host is ready, or has failed: it no longer holds the duration back. */
  settled(): void;
  /** Only measure the facts (fleet doctor): nothing is planned or started. */
  factsOnly?: boolean;
  /** Plans on the host's facts in place of names, backend, filters and settings. */
  plan?: (target: HostTarget, facts: HostFacts) => ProbePlan[];
  /** How often the clock offset is measured again over the open connection (default 60 s). */
  clockIntervalMs?: number;
  /** Records each probe under <dir>/<probe>/, replayable with probectl replay. */
  record?: string;
}

export const DEFAULT_CLOCK_INTERVAL_MS = 60_000;
/** The clock's round trips wait this long for the host's answer. */
const CLOCK_TIMEOUT_MS = 10_000;

/**
 * A facts measurement runs a few short bpftrace trials there, in parallel. It may take as long as the host may take to be
 * ready (at least a minute: many hosts sharing few CPUs measure slowly), each trial a third of that.
 */
const FACTS_TIMEOUT_MS = 60_000;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const signedMs = (ms: number): string => `${ms >= 0 ? '+' : ''}${ms.toFixed(1)} ms`;

/** A host's recording directory: its name, with what a path may not hold replaced. */
export const hostDirectory = (name: string): string => name.replace(/[^A-Za-z0-9@._:-]/g, '_').replace(/^\.+/, '_');

export class HostRun {
  readonly outcome: HostOutcome;
  private readonly connection: SshConnection;
  private readonly clock: ClockWatch;
  private session: Session | undefined;
  private seq = 0;
  private isSettled = false;
  private stopping = false;
  private readonly startedAt = Date.now();

  constructor(
    readonly target: HostTarget,
    private readonly ctx: HostRunContext,
  ) {
    this.outcome = { host: target.name, state: 'connecting', ran: false, probeFailures: [] };
    this.connection = new SshConnection(target, ctx.controlPath, ctx.ssh);
    this.clock = new ClockWatch(
      () => measureClock(this.connection, CLOCK_TIMEOUT_MS),
      ctx.clockIntervalMs ?? DEFAULT_CLOCK_INTERVAL_MS,
      (now, before) => this.clockMoved(now, before),
    );
  }

  /** Runs the host to its end: resolves once its probes (if any started) have ended and its connection is closed. */
  async run(): Promise<void> {
    this.say({
      state: 'connecting',
      message: `ssh ${this.target.user === undefined ? '' : `${this.target.user}@`}${this.target.host}${this.target.port ? `:${this.target.port}` : ''}`,
    });
    try {
      const free = await this.ctx.slot();
      let opened;
      try {
        if (this.stopping) return;
        opened = await this.connection.open();
      } finally {
        free();
      }
      if (this.stopping) return;
      if (!opened.ok) return this.fail(opened.reason, opened.message);
      await this.clock.start();
      this.noteClock();
      if (this.stopping) return;
      const sudo = this.privilege(opened.identity);
      if (sudo === undefined) return;
      const facts = await this.measure(sudo);
      if (facts === undefined || this.stopping) return;
      this.outcome.facts = facts;
      if (this.ctx.factsOnly) return this.finish('stopped', 'facts measured');
      const plans = this.plan(facts);
      if (plans === undefined) return;
      this.outcome.backend = [...new Set(plans.map((p) => p.backend))];
      await this.runProbes(plans, sudo, facts);
    } finally {
      this.clock.stop();
      this.noteClock();
      this.connection.close();
      if (!this.isSettled) this.settle();
    }
  }

  /** Stops its probes gracefully (or abandons the connection if they have not started). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.session === undefined) this.connection.close();
    else await this.session.stop();
  }

  /** SIGKILL to its ssh clients: the remote side sees its connection drop. */
  async kill(): Promise<void> {
    this.stopping = true;
    await this.session?.kill();
    this.connection.close();
  }

  /** Gives up on a host still not ready: a straggler. */
  abandon(readyTimeoutMs: number): void {
    if (this.isSettled) return;
    this.fail('straggler', `not ready ${seconds(readyTimeoutMs)} after the fleet started (--ready-timeout): left out, not waited for`);
    void this.stop();
  }

  get settledYet(): boolean {
    return this.isSettled;
  }

  /** Whether the probes run as the login (root), under sudo -n, or not at all (a privilege failure). */
  private privilege(identity: Identity): boolean | undefined {
    if (identity.uid === 0) return false;
    if (identity.sudo) return true;
    this.fail(
      'privilege',
      `the login user ${identity.user || `uid ${identity.uid}`} is not root and may not run 'sudo -n' (no password asked): BPF programs need root; log in as root, or allow the user sudo without a password`,
    );
    return undefined;
  }

  private async measure(sudo: boolean): Promise<HostFacts | undefined> {
    const timeoutMs = Math.max(FACTS_TIMEOUT_MS, this.ctx.readyTimeoutMs);
    const script = remoteFactsScript(hostToolNames, Math.round(timeoutMs / 3000));
    const result = await this.connection.exec(`${sudo ? 'sudo -n ' : ''}sh -c ${shellQuote(script)}`, timeoutMs);
    if (this.stopping) return undefined;
    if (result.code !== 0 || !/^end\tok$/m.test(result.stdout)) {
      const said = result.stderr.trim().split('\n').at(-1) ?? '';
      this.fail(
        factsFailureReason(result),
        `measuring the host's facts failed (${result.timedOut ? 'timed out' : `exit ${result.code}`})${said ? `: ${said}` : ''}`,
      );
      return undefined;
    }
    return factsFromObservations(result.stdout, hostToolNames);
  }

  private plan(facts: HostFacts): ProbePlan[] | undefined {
    try {
      // No selfPid: probectl's pid means nothing on another host.
      return this.ctx.plan?.(this.target, facts) ?? planProbes(this.ctx.names, this.ctx.backend, this.ctx.filters, facts, undefined, this.ctx.settings, {});
    } catch (error) {
      if (!(error instanceof ProbectlError)) throw error;
      this.fail('no-backend', `${error.message} ${error.suggestion}`);
      return undefined;
    }
  }

  private async runProbes(plans: ProbePlan[], sudo: boolean, facts: HostFacts): Promise<void> {
    const graceS = (ms: number) => ms / 1000;
    const grace = this.ctx.grace ?? DEFAULT_GRACE;
    const remote = plans.map(
      (plan): ProbePlan => ({
        ...plan,
        argv: this.connection.argv(remoteCommand(plan, { sudo, grace: { intS: graceS(grace.int), termS: graceS(grace.term) } })),
        env: {},
        stdinPipe: true,
        stopByClosingStdin: true,
      }),
    );
    const ready = new Set<string>();
    const { record } = this.ctx;
    const session = new Session(remote, {
      host: this.target.name,
      validate: this.ctx.validate,
      grace,
      readyTimeoutMs: this.ctx.readyTimeoutMs,
      // probectl's pids and its ssh clients' are this machine's: on the host they name other processes.
      includeSelf: true,
      ...(record !== undefined && {
        record: {
          dir: join(record, hostDirectory(this.target.name)),
          kernel: facts.kernel,
          toolVersion: (plan) => (plan.impl === 'bpftrace' && facts.bpftrace.version) || 'unknown',
        },
      }),
    });
    this.session = session;
    if (this.stopping) void session.stop();
    const running = session.run();
    for await (const event of session.events) {
      this.forward(onLocalClock(event, this.clock.current?.offsetMs));
      if (event.type !== 'probe.status') continue;
      if (event.state === 'ready') {
        ready.add(event.probe);
        if (ready.size === plans.length && !this.isSettled) {
          this.outcome.ran = true;
          this.say({ state: 'ready', message: `ready after ${seconds(Date.now() - this.startedAt)}` });
          this.settle();
        }
      } else if (event.state === 'failed') {
        const lost = event.exit_code === 255;
        if (!ready.has(event.probe)) {
          if (!this.isSettled) this.fail(lost ? 'lost-connection' : 'attach', `${event.probe} (${event.backend}): ${event.message ?? 'failed'}`);
          void session.stop();
        } else if (!this.stopping) {
          if (lost) this.fail('lost-connection', `the connection dropped while ${event.probe} ran: ${event.message ?? ''}`.trim());
          else this.outcome.probeFailures.push(`${event.probe} (${event.backend}): ${event.message ?? 'failed'}`);
        }
      }
    }
    await running;
    if (this.outcome.state === 'ready') this.finish('stopped', 'its probes stopped');
  }

  private forward(event: ProbeEvent): void {
    event.seq = ++this.seq;
    this.ctx.emit(event);
  }

  /** The offset moved since it was last reported: a fleet.host event in the host's present state says so, and its events are corrected by the new one. */
  private clockMoved(now: ClockReading, before: ClockReading): void {
    if (this.outcome.state !== 'connecting' && this.outcome.state !== 'ready') return;
    this.report({ state: this.outcome.state, message: `clock offset now ${signedMs(now.offsetMs)} (was ${signedMs(before.offsetMs)})` });
  }

  private say(fields: Pick<HostEvent, 'state' | 'reason' | 'message'>): void {
    this.outcome.state = fields.state;
    if (fields.reason !== undefined) this.outcome.reason = fields.reason;
    if (fields.message !== undefined) this.outcome.message = fields.message;
    this.report(fields);
  }

  private report(fields: Pick<HostEvent, 'state' | 'reason' | 'message'>): void {
    this.noteClock();
    this.forward({
      type: 'fleet.host',
      ts: Date.now(),
      probe: 'fleet',
      source: { impl: 'probectl', tool: 'ssh', layout: 'fleet' },
      host: this.target.name,
      seq: 0,
      ...fields,
      ...(this.outcome.backend !== undefined && { backend: this.outcome.backend }),
      ...(this.outcome.clock_offset_ms !== undefined && { clock_offset_ms: this.outcome.clock_offset_ms }),
      ...(this.outcome.clock_measures !== undefined && { clock_measures: this.outcome.clock_measures }),
    });
  }

  /** The latest clock reading, in the outcome (for the hosts table and the library). */
  private noteClock(): void {
    if (this.clock.current !== undefined) this.outcome.clock_offset_ms = this.clock.current.offsetMs;
    if (this.clock.measures > 0) this.outcome.clock_measures = this.clock.measures;
  }

  private fail(reason: FleetFailureReason, message: string): void {
    if (this.outcome.state === 'failed') return;
    this.say({ state: 'failed', reason, message });
    this.settle();
  }

  private finish(state: 'stopped', message: string): void {
    this.say({ state, message });
    this.settle();
  }

  private settle(): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.ctx.settled();
  }
}
