// What the tests know of one lab: the files its live steps leave, the facts its answers state, and the claims that hold in every run.
import type { LabStatus, LabTrafficResult } from '../../../src/lab/index.js';
import type { LabRun } from '../lab-run.js';

export interface LabCheck {
  /** docs/labs/<name>.md, recordings/labs/<name>/. */
  name: string;
  /** The probes the live steps record (each a recording in <dir>/<probe>/; a second run of one probe records under a directory of its own: failed/syscount). */
  probes: string[];
  /** The other files of the live steps that the bundle keeps beside the recordings: what the lab commands and the workload printed. */
  files: string[];
  /** Whether the live steps use the lab network (else they need no lab, only root). */
  usesLab: boolean;
  /** The numbers and words the page's answers state about the bundled recording, by name (**value**<!--fact:name-->). */
  facts(run: LabRun): Promise<Record<string, string | number>>;
  /**
   * What the page says holds in any run, live or bundled, checked against the run's own ground truth; throws an
   * AssertionError. Resolves with the comparisons it made, in a line, for the live test to report.
   */
  claims(run: LabRun): Promise<string>;
}

export type { LabStatus, LabTrafficResult };

/** A 4-tuple, as a flow's key: "10.201.0.1:38102>10.201.0.2:5001". */
export const flowKey = (laddr: string, lport: number, raddr: string, rport: number): string => `${laddr}:${lport}>${raddr}:${rport}`;

/** Both directions of every connection the traffic measured, keyed as flowKey. */
export function trafficFlows(traffic: LabTrafficResult): Set<string> {
  const keys = new Set<string>();
  for (const c of traffic.connections) {
    const local = c.client?.local;
    const remote = c.client?.remote;
    if (local === undefined || remote === undefined) continue;
    keys.add(flowKey(local.address, local.port, remote.address, remote.port));
    keys.add(flowKey(remote.address, remote.port, local.address, local.port));
  }
  return keys;
}

/** The lab's drop counter in a `lab status --json` file. */
export function droppedPackets(status: LabStatus): number {
  const dropped = status.nft.dropped;
  if (dropped === undefined) throw new Error('the status has no drop counter: was the lab up?');
  return dropped.packets;
}

/** An interface's RX packets in a `lab status --json` file. */
export function rxPackets(status: LabStatus, name: string): number {
  const rx = status.interfaces.find((i) => i.name === name)?.rx;
  if (rx === undefined) throw new Error(`the status has no RX counter for ${name}`);
  return rx.packets;
}

/** How many connects bash was refused, from what it printed: "bash: connect: Connection refused" once for each. */
export const refusedConnects = (text: string): number => text.split('\n').filter((l) => l === 'bash: connect: Connection refused').length;

export const count = <T>(items: readonly T[], keep: (item: T) => boolean): number => items.filter(keep).length;
