// Lab "retransmits": tcpretrans while lab traffic crosses 5 % loss, against the nftables drop counter.
import assert from 'node:assert/strict';
import { LAB } from '../../../src/lab/index.js';
import type { LabRun } from '../lab-run.js';
import { count, droppedPackets, flowKey, trafficFlows, type LabCheck, type LabStatus, type LabTrafficResult } from './lab-check.js';

const fromClient = (e: { laddr: string; raddr: string; rport: number }) => e.laddr === LAB.client.addr && e.raddr === LAB.server.addr && e.rport === LAB.port;

export const retransmitsLab: LabCheck = {
  name: 'retransmits',
  probes: ['tcpretrans'],
  files: ['traffic.json', 'status.json'],
  usesLab: true,

  async facts(run: LabRun) {
    const retransmits = await run.eventsOf('tcpretrans', 'tcp.retransmit');
    const dropped = run.json<LabStatus>('status.json').nft.dropped!;
    const perPort = new Map<number, number[]>();
    for (const r of retransmits.filter(fromClient)) perPort.set(r.lport, [...(perPort.get(r.lport) ?? []), r.ts]);
    // The longest silence between two retransmits of one connection: a retransmission timeout when it is 200 ms or more.
    const gaps = [...perPort.values()].flatMap((ts) => ts.slice(1).map((t, i) => t - ts[i]!));
    return {
      retransmits: retransmits.length,
      client_retransmits: count(retransmits, fromClient),
      states: [...new Set(retransmits.map((r) => r.state))].join(', '),
      connections: run.json<LabTrafficResult>('traffic.json').connections.length,
      connections_retransmitting: perPort.size,
      drops: dropped.packets,
      drop_average_bytes: Math.round(dropped.bytes / dropped.packets),
      longest_gap_ms: Math.max(...gaps),
    };
  },

  async claims(run: LabRun) {
    const traffic = run.json<LabTrafficResult>('traffic.json');
    assert.ok(traffic.complete, 'lab traffic did not complete');
    const drops = droppedPackets(run.json<LabStatus>('status.json'));
    assert.ok(drops > 0, 'nftables dropped nothing: no loss to recover from');
    // Other users of this machine may retransmit on port 5001 too: only the lab's addresses are ours.
    const flows = trafficFlows(traffic);
    const ours = (await run.eventsOf('tcpretrans', 'tcp.retransmit')).filter((r) =>
      [r.laddr, r.raddr].every((a) => a === LAB.client.addr || a === LAB.server.addr),
    );
    for (const r of ours)
      assert.ok(flows.has(flowKey(r.laddr, r.lport, r.raddr, r.rport)), `a retransmit on no connection of lab traffic: ${JSON.stringify(r)}`);
    assert.ok(count(ours, fromClient) > 0, `nftables dropped ${drops} packets of the client's, and tcpretrans saw the client retransmit nothing`);
    return `${ours.length} retransmits (${count(ours, fromClient)} by the client), all on the ${traffic.connections.length} connections; nftables dropped ${drops} packets`;
  },
};
