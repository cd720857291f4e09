// xdpcount's Prometheus series: packets and bytes per interface, traffic class and IP family (its per-flow rows make none); under xtrace naming, XTrace-Catch's per-flow series instead.
import { ABSENT_LABEL, type MetricsPart } from '../../tally/metrics-part.js';
import { xtraceMetrics } from './xtrace-metrics.js';

export const xdpcountMetrics: MetricsPart<'xdp.count' | 'xdp.flow'> = (kit) => {
  if (kit.naming.scheme === 'xtrace') return xtraceMetrics(kit, kit.naming.collectAgg);
  const ifaces = kit.bounded('ifaces');
  const labelNames = ['probe', 'iface', 'proto', 'family'] as const;
  const packets = kit.counter(
    'probectl_xdp_packets_total',
    'Packets that reached the interface at XDP (the sum of xdp.count deltas), by traffic class and IP family.',
    labelNames,
  );
  const bytes = kit.counter('probectl_xdp_bytes_total', 'Their bytes, Ethernet header included.', labelNames);
  return {
    // Each event holds one interval's delta (bcc-tools/xdpcount prints counts minus the previous interval's).
    'xdp.count': (event) => {
      const labels = {
        probe: event.probe,
        iface: ifaces.of(event.iface),
        proto: event.proto,
        family: event.family === undefined ? ABSENT_LABEL : String(event.family),
      };
      packets.inc(labels, event.packets);
      bytes.inc(labels, event.bytes);
    },
    'xdp.flow': null,
  };
};
