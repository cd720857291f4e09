// tcpretrans's Prometheus series: retransmits per flow, one per event and the kernel's counts per flow.
import type { MetricsPart } from '../../tally/metrics-part.js';

export const tcpretransMetrics: MetricsPart<'tcp.retransmit' | 'tcp.retransmit.count'> = (kit) => {
  const flows = kit.flows();
  const retransmits = kit.counter(
    'probectl_tcp_retransmits_total',
    'TCP retransmits (tcp.retransmit events, plus tcp.retransmit.count rows), per flow; flows beyond the cap are labelled "other".',
    ['probe', 'laddr', 'lport', 'raddr', 'rport'],
  );
  return {
    'tcp.retransmit': (event) => retransmits.inc({ probe: event.probe, ...flows.of(event) }),
    'tcp.retransmit.count': (event) => retransmits.inc({ probe: event.probe, ...flows.of(event) }, event.count),
  };
};
