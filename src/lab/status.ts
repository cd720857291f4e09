// lab status: which of the lab's parts exist, with the drop rule's counter and the veths' packet counters.
import { ProbectlError } from '../core/errors.js';
import { readLinkCounters, readLossRule, type Counter, type LinkCounters } from './counters.js';
import { lossTableExists } from './loss.js';
import { presentNamespaces } from './network.js';
import { checkLabPrerequisites } from './preflight.js';
import { LAB, LAB_ENDS } from './topology.js';

export interface LabStatus {
  /** up: every part exists; partial: some do (lab up or lab down mends it); down: none. */
  state: 'up' | 'partial' | 'down';
  namespaces: { name: string; present: boolean }[];
  interfaces: ({ netns: string; name: string; address: string; present: boolean } & Partial<LinkCounters>)[];
  nft: { netns: string; family: string; table: string; present: boolean; loss_percent?: number; dropped?: Counter };
  port: number;
}

export async function labStatus(): Promise<LabStatus> {
  await checkLabPrerequisites();
  const present = await presentNamespaces();
  const namespaces = LAB_ENDS.map((end) => ({ name: end.netns, present: present.includes(end.netns) }));
  const interfaces = await Promise.all(
    LAB_ENDS.map(async (end) => {
      const counters = present.includes(end.netns) ? await readLinkCounters(end.netns, end.veth) : undefined;
      return { netns: end.netns, name: end.veth, address: `${end.addr}/${LAB.prefixLength}`, present: counters !== undefined, ...counters };
    }),
  );
  const { family, table } = LAB.nft;
  const rule = (await lossTableExists()) ? await readLossRule() : undefined;
  const nft = { netns: LAB.server.netns, family, table, present: rule !== undefined, ...(rule && { loss_percent: rule.percent, dropped: rule.dropped }) };
  const parts = [...namespaces, ...interfaces, nft].map((p) => p.present);
  const state = parts.every(Boolean) ? 'up' : parts.some(Boolean) ? 'partial' : 'down';
  return { state, namespaces, interfaces, nft, port: LAB.port };
}

/** The status, or an error saying the lab is not (wholly) up and what to run. */
export async function requireLabUp(): Promise<LabStatus> {
  const status = await labStatus();
  if (status.state === 'up') return status;
  if (status.state === 'down') throw new ProbectlError('LAB', 'the lab is not up: there are no namespaces pctl-a and pctl-b.', 'Run probectl lab up first.');
  const missing = [
    ...status.namespaces.filter((n) => !n.present).map((n) => `namespace ${n.name}`),
    ...status.interfaces.filter((i) => !i.present).map((i) => `veth ${i.name}`),
    ...(status.nft.present ? [] : ['the nftables drop rule']),
  ];
  throw new ProbectlError('LAB', `the lab is only partly there (missing: ${missing.join(', ')}).`, 'Run probectl lab up to recreate it.');
}
