// The processes of a run that are probectl's own: itself and the probes it started, whose events a run leaves out by default.
import type { ProbeEvent } from '../events/index.js';

/**
 * By pid, for the backends that cannot leave them out in the kernel (libbpf-tools, BCC): their events are read after the
 * fact. A probe's pid stays here for the whole run, since its last events may arrive after it ended.
 */
export class OwnPids {
  private readonly pids: Set<number>;

  constructor(selfPid: number) {
    this.pids = new Set([selfPid]);
  }

  add(pid: number): void {
    this.pids.add(pid);
  }

  /** The event says it came from one of these processes (probe.status and events without a pid never do). */
  has(event: ProbeEvent): boolean {
    if (event.type === 'probe.status' || event.type === 'tool.diagnostic') return false;
    const pid = (event as { pid?: unknown }).pid;
    return typeof pid === 'number' && this.pids.has(pid);
  }
}
