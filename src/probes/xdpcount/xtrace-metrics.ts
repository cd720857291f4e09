// xdpcount's series under XTrace-Catch's names and labels (--metrics-names xtrace), so that dashboards made for it keep working.
import { networkInterfaces } from 'node:os';
import type { EventOf } from '../../events/index.js';
import { ABSENT_LABEL, type MetricsHandlers, type MetricsKit } from '../../tally/metrics-part.js';
import type { xdpClasses } from './events.js';

const labelNames = ['src_ip', 'dst_ip', 'src_port', 'dst_port', 'protocol', 'traffic_type', 'interface', 'host_ip', 'collect_agg'] as const;
type XtraceLabels = Record<(typeof labelNames)[number], string>;

/** XTrace-Catch's traffic_type values for xdpcount's classes: it has no name of its own for ICMP or ARP. */
const TRAFFIC_TYPES = {
  tcp: 'TCP',
  udp: 'UDP',
  roce_v2: 'RoCE_v2',
  roce_v1: 'RoCE_v1_IBoE',
  icmp: 'Other',
  arp: 'Other',
  other: 'Other',
} as const satisfies Record<(typeof xdpClasses)[number], string>;

/** The IP protocol numbers behind the names xdpcount prints (it prints any other as its number). */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };

/** The first IPv4 address of iface on this host (in this network namespace), else of any interface but loopback, as XTrace-Catch's host_ip. */
export function hostIpOf(iface: string): string {
  const all = networkInterfaces();
  const ipv4 = (name: string) => all[name]?.find((a) => a.family === 'IPv4' && !a.internal)?.address;
  return (
    ipv4(iface) ??
    Object.keys(all)
      .map(ipv4)
      .find((a) => a !== undefined) ??
    ABSENT_LABEL
  );
}

/**
 * The counters add each reported flow's packets and bytes; the gauges hold its packets and bytes in the last interval, and
 * go to 0 for a flow the next interval does not report. Only flows give series: xdpcount reports the --top busiest of each interval.
 */
export function xtraceMetrics(kit: MetricsKit, collectAgg: string): MetricsHandlers<'xdp.count' | 'xdp.flow'> {
  const ifaces = kit.bounded('ifaces');
  const flows = kit.flows();
  const packets = kit.counter('xtrace_network_packets_total', 'Total network packets (xdpcount flows, under XTrace-Catch names).', labelNames);
  const bytes = kit.counter('xtrace_network_bytes_total', 'Total network traffic in bytes (xdpcount flows, under XTrace-Catch names).', labelNames);
  const flowPackets = kit.gauge('xtrace_network_flow_packets', "The flow's packets in the last interval xdpcount reported.", labelNames);
  const flowBytes = kit.gauge('xtrace_network_flow_bytes', "The flow's bytes in the last interval xdpcount reported.", labelNames);
  const hostIps = new Map<string, string>();
  let interval: { ts: number; flows: XtraceLabels[] } = { ts: -1, flows: [] };

  const labelsOf = (event: EventOf<'xdp.flow'>): XtraceLabels => {
    const flow = flows.of({ laddr: event.src, lport: event.sport, raddr: event.dst, rport: event.dport });
    const hostIp = hostIps.get(event.iface) ?? hostIps.set(event.iface, hostIpOf(event.iface)).get(event.iface)!;
    return {
      src_ip: flow.laddr,
      dst_ip: flow.raddr,
      src_port: flow.lport,
      dst_port: flow.rport,
      protocol: PROTOCOL_NUMBERS[event.proto] ?? event.proto,
      traffic_type: TRAFFIC_TYPES[event.traffic_type],
      interface: ifaces.of(event.iface),
      host_ip: hostIp,
      collect_agg: collectAgg,
    };
  };

  return {
    'xdp.count': null,
    'xdp.flow': (event) => {
      if (event.ts !== interval.ts) {
        for (const gone of interval.flows) {
          flowPackets.set(gone, 0);
          flowBytes.set(gone, 0);
        }
        interval = { ts: event.ts, flows: [] };
      }
      const labels = labelsOf(event);
      interval.flows.push(labels);
      packets.inc(labels, event.packets);
      bytes.inc(labels, event.bytes);
      flowPackets.set(labels, event.packets);
      flowBytes.set(labels, event.bytes);
    },
  };
}
