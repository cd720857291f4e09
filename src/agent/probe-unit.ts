// One probe of the agent, supervised: its backend started, and started again with backoff whenever it ends without being asked to.
import type { EventOf, ProbeEvent, Source } from '../events/index.js';
import type { ProbePlan } from '../plan/plan.js';
import type { ChildEnd } from '../run/child.js';
import { ProbectlError } from '../core/errors.js';
import { probeModule } from '../probes/registry.js';
import { ProbeRun, type ProbeRunOptions } from '../run/probe-run.js';
import { Backoff, type RestartPolicy } from './backoff.js';

export interface ProbeUnitOptions extends Omit<ProbeRunOptions, 'emit' | 'settled' | 'failed' | 'record'> {
  restart: RestartPolicy;
  /** Every event of every run of this probe, and the agent's word on each restart. */
  emit(event: ProbeEvent): void;
  /** A line for the agent's log (stderr). */
  log(line: string): void;
  /** Each backend's pid as it starts: its own events are left out by pid where the kernel program cannot. */
  started?(pid: number): void;
}

/** What the agent itself says about a probe, beside the tool's lines. */
export const AGENT_SOURCE: Source = { impl: 'probectl', tool: 'probectl', layout: 'agent' };

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export class ProbeUnit {
  /** How many times the backend was started again after it ended by itself. */
  restarts = 0;
  private current: ProbeRun | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly backoff: Backoff;

  constructor(
    readonly plan: ProbePlan,
    private readonly options: ProbeUnitOptions,
  ) {
    this.backoff = new Backoff(options.restart);
  }

  /** The running backend's pid; undefined while it waits to be restarted. */
  get pid(): number | undefined {
    return this.current?.child.state === 'starting' || this.current?.child.state === 'ready' ? this.current.child.pid : undefined;
  }

  start(): void {
    if (this.stopped) return;
    const { restart: _r, emit, log: _l, started, ...rest } = this.options;
    const module = probeModule(this.plan.parser);
    if (module === undefined)
      throw new ProbectlError(
        'UNKNOWN_TOOL',
        `the plan for ${this.plan.probe} names the parser "${this.plan.parser}", which does not exist.`,
        'Check the plan.',
      );
    const run = new ProbeRun(this.plan, { ...rest, emit });
    run.parseWith(module);
    this.current = run;
    if (run.child.pid !== undefined) started?.(run.child.pid);
    run.done.then(
      (end) => this.ended(run, end),
      (error: unknown) => this.ended(run, { state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }

  /** Stops the backend gracefully (SIGINT, SIGTERM, SIGKILL) and restarts it no more. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const run = this.current;
    if (run === undefined) return;
    await run.child.stop();
    await run.done.catch(() => {});
  }

  /** SIGKILL to the backend now (a second signal while stopping). */
  async kill(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.child.kill();
  }

  /** SIGKILL, synchronously: the last resort when the agent is exiting. */
  killNow(): void {
    this.current?.child.killNow();
  }

  pause(): void {
    this.current?.child.pause();
  }

  resume(): void {
    this.current?.child.resume();
  }

  private ended(run: ProbeRun, end: Pick<ChildEnd, 'state' | 'message'> & Partial<ChildEnd>): void {
    if (this.stopped || run !== this.current) return;
    const readyFor = end.readyAt === undefined || end.endedAt === undefined ? 0 : end.endedAt - end.readyAt;
    const wait = this.backoff.next(readyFor);
    this.restarts++;
    const { probe, backend } = this.plan;
    const message = `${probe} (${backend}) ${end.state === 'failed' ? 'failed' : 'ended'}: ${end.message}; restart ${this.restarts} in ${seconds(wait)}`;
    this.options.emit(restartDiagnostic(this.plan, this.options.host, message));
    this.options.log(`probectl agent: ${message}`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, wait);
  }
}

/** seq is left at 0: the agent's merged stream numbers every event. */
function restartDiagnostic(plan: ProbePlan, host: string, message: string): EventOf<'tool.diagnostic'> {
  return { type: 'tool.diagnostic', ts: Date.now(), probe: plan.probe, source: AGENT_SOURCE, host, seq: 0, level: 'warning', message };
}
