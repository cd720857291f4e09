// The processes of a run that are probectl's own: itself and the probes it started, whose events a run leaves out by default.
import type { ProbeEvent } from '../events/index.js';
import type { ProbeModule } from '../probes/probe-module.js';

/**
 * By pid, for the backends that cannot leave them out in the kernel (libbpf-tools, BCC): their events are read after the
 * fact. A probe's pid stays here for the whole run, since its last events may arrive after it ended.
 */
export class OwnPids {
  private readonly pids: Set<number>;
  /** The event types whose pid is only the task on the CPU, as the run's modules declare them. */
  private readonly onCpu: ReadonlySet<string>;

  constructor(selfPid: number, modules: readonly ProbeModule[]) {
    this.pids = new Set([selfPid]);
    this.onCpu = new Set(modules.flatMap((m) => Object.entries(m.traits ?? {}).flatMap(([type, traits]) => (traits?.pidOnCpu === true ? [type] : []))));
  }

  add(pid: number): void {
    this.pids.add(pid);
  }

  /**
   * The event says it came from one of these processes (probe.status and events without a pid never do, nor a type
   * whose pid is only the task on the CPU: a drop in softirq while a backend ran is the network's, not the backend's).
   */
  has(event: ProbeEvent): boolean {
    if (event.type === 'probe.status' || event.type === 'tool.diagnostic' || this.onCpu.has(event.type)) return false;
    const pid = (event as { pid?: unknown }).pid;
    return typeof pid === 'number' && this.pids.has(pid);
  }
}
