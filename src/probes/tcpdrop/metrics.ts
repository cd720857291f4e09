// tcpdrop's Prometheus series: drops by reason.
import { ABSENT_LABEL, type MetricsPart } from '../../tally/metrics-part.js';

export const tcpdropMetrics: MetricsPart<'tcp.drop'> = (kit) => {
  const reasons = kit.bounded('reasons');
  const drops = kit.counter('probectl_tcp_drops_total', 'TCP packets the kernel dropped (tcp.drop events), by drop reason as printed.', ['probe', 'reason']);
  return {
    'tcp.drop': (event) => drops.inc({ probe: event.probe, reason: reasons.of(event.reason ?? ABSENT_LABEL) }),
  };
};
