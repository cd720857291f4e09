// The agent's probes: one supervised unit each, their events merged into one stream, changed as a reload says.
import type { ProbePlan } from '../plan/plan.js';
import { MergedStream } from '../run/merge.js';
import { probeModules } from '../probes/registry.js';
import { OwnPids } from '../run/own-pids.js';
import type { Grace } from '../run/stop.js';
import type { RestartPolicy } from './backoff.js';
import { ProbeUnit } from './probe-unit.js';
import { type ProbeIdentity, reloadDiff, type ReloadDiff } from './reload-diff.js';

export interface SupervisorOptions {
  host: string;
  validate: boolean;
  grace?: Grace;
  readyTimeoutMs: number;
  restart: RestartPolicy;
  /** Keeps the events of the agent and of its backends (left out by default). */
  includeSelf: boolean;
  log(line: string): void;
}

/** A probe of the configuration, planned. */
export interface PlannedProbe extends ProbeIdentity {
  plan: ProbePlan;
}

export class Supervisor {
  /** Every event of every probe, numbered 1, 2, 3... for the agent's whole life. */
  readonly events: MergedStream;
  private readonly units = new Map<string, { unit: ProbeUnit; fingerprint: string }>();
  private readonly own = new OwnPids(process.pid, probeModules);
  private readonly lastResort = () => this.units.forEach(({ unit }) => unit.killNow());

  constructor(private readonly options: SupervisorOptions) {
    this.events = new MergedStream({ onPressure: (behind) => this.units.forEach(({ unit }) => (behind ? unit.pause() : unit.resume())) });
    process.on('exit', this.lastResort); // should the agent exit with probes running (an uncaught error), they die with it
  }

  /** The probes running now, by name, with the pid of their backend (undefined while one waits to restart). */
  pids(): Map<string, number | undefined> {
    return new Map([...this.units].map(([name, { unit }]) => [name, unit.pid]));
  }

  /** Makes the running probes those given: removed and changed ones stopped first, then changed and new ones started; unchanged ones untouched. */
  async apply(probes: readonly PlannedProbe[]): Promise<ReloadDiff> {
    const diff = reloadDiff(
      [...this.units].map(([probe, { fingerprint }]) => ({ probe, fingerprint })),
      probes,
    );
    await Promise.all([...diff.stop, ...diff.restart].map((name) => this.units.get(name)!.unit.stop()));
    for (const name of [...diff.stop, ...diff.restart]) this.units.delete(name);
    for (const probe of probes.filter((p) => diff.start.includes(p.probe) || diff.restart.includes(p.probe))) {
      const unit = this.unitFor(probe.plan);
      this.units.set(probe.probe, { unit, fingerprint: probe.fingerprint });
      unit.start();
    }
    return diff;
  }

  /** Stops every probe gracefully; the stream ends once their last events are in it. */
  async stop(): Promise<void> {
    await Promise.all([...this.units.values()].map(({ unit }) => unit.stop()));
    process.off('exit', this.lastResort);
    this.events.end();
  }

  /** SIGKILL to every backend now. */
  async kill(): Promise<void> {
    await Promise.all([...this.units.values()].map(({ unit }) => unit.kill()));
  }

  private unitFor(plan: ProbePlan): ProbeUnit {
    const { includeSelf, ...rest } = this.options;
    return new ProbeUnit(plan, {
      ...rest,
      emit: (event) => void (includeSelf || !this.own.has(event) ? this.events.push(event) : undefined),
      started: (pid) => this.own.add(pid),
    });
  }
}
