// Lab "drops": tcpdrop while a connection is refused and lab traffic crosses 5 % loss: NETFILTER_DROP against the nftables counter, NO_SOCKET against the refusals.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import { LAB } from '../../../src/lab/index.js';
import type { LabRun } from '../lab-run.js';
import { count, droppedPackets, refusedConnects, type LabCheck, type LabStatus } from './lab-check.js';

type Drop = EventOf<'tcp.drop'>;

/** What the client sent to the server's test port: the packets the lab's rule can drop, and the SYNs nothing listens for. */
const toServer = (d: Drop) => d.saddr === LAB.client.addr && d.daddr === LAB.server.addr && d.dport === LAB.port;
const flags = (d: Drop) => (d.tcp_flags ?? []).join('|');

export const dropsLab: LabCheck = {
  name: 'drops',
  probes: ['tcpdrop'],
  files: ['refused.txt', 'traffic.json', 'status.json'],
  usesLab: true,

  async facts(run: LabRun) {
    const drops = await run.eventsOf('tcpdrop', 'tcp.drop');
    const netfilter = drops.filter((d) => d.reason === 'NETFILTER_DROP');
    const noSocket = drops.filter((d) => d.reason === 'NO_SOCKET');
    const oldData = drops.find((d) => d.reason === 'TCP_OLD_DATA')!;
    // The client's FIN that nftables dropped on the connection where the server's FIN later came twice.
    const finDrop = netfilter.find((d) => flags(d) === 'FIN|ACK' && d.sport === oldData.dport)!;
    return {
      drops: drops.length,
      reasons: [...new Set(drops.map((d) => d.reason))].join(', '),
      netfilter_drops: netfilter.length,
      netfilter_code: netfilter[0]!.reason_code!,
      counter: droppedPackets(run.json<LabStatus>('status.json')),
      no_socket_drops: noSocket.length,
      no_socket_code: noSocket[0]!.reason_code!,
      no_socket_flags: flags(noSocket[0]!),
      refused: refusedConnects(run.text('refused.txt')),
      data_drops: count(netfilter, (d) => flags(d) === 'PSH|ACK'),
      ack_drops: count(netfilter, (d) => flags(d) === 'ACK'),
      fin_drops: count(netfilter, (d) => flags(d) === 'FIN|ACK'),
      fin_state: finDrop.state!,
      old_data_code: oldData.reason_code!,
      old_data_from: `${oldData.saddr}:${oldData.sport}`,
      old_data_flags: flags(oldData),
      old_data_state: oldData.state!,
      old_data_after_ms: oldData.ts - finDrop.ts,
      comms: [...new Set(drops.map((d) => d.comm))].sort().join(', '),
    };
  },

  async claims(run: LabRun) {
    const all = await run.eventsOf('tcpdrop', 'tcp.drop');
    const drops = all.filter(toServer);
    const counter = droppedPackets(run.json<LabStatus>('status.json'));
    assert.ok(counter > 0, 'nftables dropped nothing');
    // The lab was made just before the probe started, with its counter at 0, and nothing was sent to it before the probe was ready.
    const netfilter = count(drops, (d) => d.reason === 'NETFILTER_DROP');
    if (netfilter !== counter) {
      // What a failure needs to be told apart: a drop reported with other addresses, an event lost, a line not parsed.
      const elsewhere = all.filter((d) => d.reason === 'NETFILTER_DROP' && !toServer(d));
      const events = await run.events('tcpdrop');
      const lost = events.filter((e) => e.type === 'tool.lost');
      const unparsed = events.filter((e) => e.type === 'tool.diagnostic' && e.level === 'unparsed');
      const times = drops.filter((d) => d.reason === 'NETFILTER_DROP').map((d) => `${d.ts} ${flags(d)}`);
      assert.equal(
        netfilter,
        counter,
        `NETFILTER_DROP events against the nftables counter; not client to server: ${JSON.stringify(elsewhere)}; lost: ${JSON.stringify(lost)}; unparsed: ${JSON.stringify(unparsed)}; the drops: ${times.join(', ')}`,
      );
    }
    const refused = refusedConnects(run.text('refused.txt'));
    assert.ok(refused > 0, 'no connection was refused');
    const noSocket = drops.filter((d) => d.reason === 'NO_SOCKET');
    assert.equal(noSocket.length, refused, 'NO_SOCKET drops against the refused connects');
    for (const d of noSocket)
      assert.ok(flags(d) === 'SYN' && d.state === undefined, `a NO_SOCKET drop that is not a SYN without a socket: ${JSON.stringify(d)}`);
    const reasons = [...new Set(all.map((d) => d.reason))].map((r) => `${r} ${count(all, (d) => d.reason === r)}`).join(', ');
    return `NETFILTER_DROP ${netfilter} = nftables counter ${counter}; NO_SOCKET SYNs ${noSocket.length} = refused connects ${refused}; all drops on port 5001: ${reasons}`;
  },
};
