// tcpconnect's Prometheus series: connects by result and process name, and the handshake times of the established ones.
import { ABSENT_LABEL, type MetricsPart } from '../../tally/metrics-part.js';

/** Handshake times in seconds: from loopback (tens of µs) to SYNs retransmitted for a minute. */
export const handshakeBuckets = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 3, 10, 60];

export const tcpconnectMetrics: MetricsPart<'tcp.connect'> = (kit) => {
  const comms = kit.bounded('comms');
  const connects = kit.counter(
    'probectl_tcp_connects_total',
    'TCP connects (tcp.connect events) by result (established, refused, timed_out, unreachable, aborted, failed; absent where the tool does not say) and process name.',
    ['probe', 'result', 'comm'],
  );
  const handshakes = kit.histogram(
    'probectl_tcp_connect_handshake_seconds',
    'Handshake times of the established TCP connects (and of rows that give a time and no result), in seconds.',
    ['probe'],
    handshakeBuckets,
  );
  return {
    'tcp.connect': (event) => {
      connects.inc({ probe: event.probe, result: event.result ?? ABSENT_LABEL, comm: comms.of(event.comm) });
      if (event.latency_ms !== undefined && (event.result === undefined || event.result === 'established'))
        handshakes.observe({ probe: event.probe }, event.latency_ms / 1000);
    },
  };
};
