// Lab "xdp": xdpcount on the server's veth while TCP and RoCE v2 (UDP to 4791) arrive: classes and flows against what was sent and the interface's RX counter.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import { LAB } from '../../../src/lab/index.js';
import type { LabRun } from '../lab-run.js';
import { droppedPackets, rxPackets, type LabCheck, type LabStatus } from './lab-check.js';

const ROCE_V2_PORT = 4791;
/** Ethernet 14 + IPv4 20 + UDP 8 bytes around each datagram's payload, as the frame reaches XDP. */
const UDP_FRAME_OVERHEAD = 14 + 20 + 8;

/** What the sender printed: "sent 40 datagrams of 200 bytes". */
function sent(text: string): { datagrams: number; size: number } {
  const m = /^sent (\d+) datagrams of (\d+) bytes$/m.exec(text);
  if (m === null) throw new Error(`the sender printed no count: ${text}`);
  return { datagrams: Number(m[1]), size: Number(m[2]) };
}

const total = (counts: EventOf<'xdp.count'>[], keep: (e: EventOf<'xdp.count'>) => boolean = () => true) => ({
  packets: counts.filter(keep).reduce((s, e) => s + e.packets, 0),
  bytes: counts.filter(keep).reduce((s, e) => s + e.bytes, 0),
});

async function measured(run: LabRun) {
  const counts = await run.eventsOf('xdpcount', 'xdp.count');
  const flows = await run.eventsOf('xdpcount', 'xdp.flow');
  const before = run.json<LabStatus>('before.json');
  const after = run.json<LabStatus>('after.json');
  return {
    counts,
    flows,
    all: total(counts),
    tcp: total(counts, (e) => e.proto === 'tcp'),
    roce: total(counts, (e) => e.proto === 'roce_v2'),
    icmp6: total(counts, (e) => e.proto === 'icmp' && e.family === 6),
    arp: total(counts, (e) => e.proto === 'arp'),
    rxDelta: rxPackets(after, LAB.server.veth) - rxPackets(before, LAB.server.veth),
    nftDrops: droppedPackets(after) - droppedPackets(before),
    sent: sent(run.text('roce.txt')),
  };
}

export const xdpLab: LabCheck = {
  name: 'xdp',
  probes: ['xdpcount'],
  files: ['before.json', 'after.json', 'traffic.json', 'roce.txt'],
  usesLab: true,

  async facts(run: LabRun) {
    const m = await measured(run);
    const roceFlows = m.flows.filter((f) => f.dport === ROCE_V2_PORT);
    return {
      packets: m.all.packets,
      rx_delta: m.rxDelta,
      tcp_packets: m.tcp.packets,
      tcp_average_bytes: Math.round(m.tcp.bytes / m.tcp.packets),
      roce_packets: m.roce.packets,
      roce_bytes: m.roce.bytes,
      roce_frame_bytes: m.roce.bytes / m.roce.packets,
      datagrams: m.sent.datagrams,
      roce_flow_sport: roceFlows[0]!.sport,
      icmp6_packets: m.icmp6.packets,
      icmp6_destinations: [...new Set(m.flows.filter((f) => f.proto === 'icmpv6').map((f) => f.dst))].join(', '),
      arp_packets: m.arp.packets,
      nft_drops: m.nftDrops,
      intervals: new Set(m.counts.map((e) => e.ts)).size,
    };
  },

  async claims(run: LabRun) {
    const m = await measured(run);
    assert.equal(m.roce.packets, m.sent.datagrams, 'roce_v2 packets against the datagrams sent to port 4791');
    assert.equal(m.roce.bytes, m.sent.datagrams * (m.sent.size + UDP_FRAME_OVERHEAD), 'roce_v2 bytes');
    const roceFlows = m.flows.filter((f) => f.dport === ROCE_V2_PORT && f.src === LAB.client.addr && f.dst === LAB.server.addr);
    assert.ok(
      roceFlows.every((f) => f.traffic_type === 'roce_v2' && f.proto === 'udp'),
      JSON.stringify(roceFlows),
    );
    assert.equal(
      roceFlows.reduce((s, f) => s + f.packets, 0),
      m.sent.datagrams,
      "the RoCE v2 flow's packets",
    );
    assert.equal(total(m.counts, (e) => e.proto === 'udp').packets, 0, 'UDP to 4791 counted as plain udp');
    assert.ok(m.tcp.packets > 0, 'no TCP counted');
    // The counter was read after xdpcount was ready and before it was stopped: XDP saw every packet the interface counted
    // then, and every TCP and RoCE packet was sent in between; only the link's own chatter (ICMPv6, ARP) can fall outside.
    assert.ok(m.all.packets >= m.rxDelta, `xdp.count packets ${m.all.packets} < the RX counter's delta ${m.rxDelta}`);
    assert.ok(
      m.rxDelta >= m.tcp.packets + m.roce.packets,
      `the RX counter's delta ${m.rxDelta} < the TCP and RoCE packets XDP counted (${m.tcp.packets} + ${m.roce.packets})`,
    );
    return `xdp.count packets ${m.all.packets} (tcp ${m.tcp.packets}, roce_v2 ${m.roce.packets}, icmp/6 ${m.icmp6.packets}, arp ${m.arp.packets}), RX counter delta ${m.rxDelta}; ${m.sent.datagrams} datagrams sent`;
  },
};
