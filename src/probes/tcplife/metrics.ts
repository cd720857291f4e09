// tcplife's Prometheus series: ended sessions, their bytes and lifetimes.
import { ABSENT_LABEL, type MetricsPart } from '../../tally/metrics-part.js';

/** Session durations in seconds: from a loopback request (ms) to a long-lived connection (an hour). */
export const durationBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300, 3600];

export const tcplifeMetrics: MetricsPart<'tcp.session'> = (kit) => {
  const comms = kit.bounded('comms');
  const sessions = kit.counter('probectl_tcp_sessions_total', 'TCP sessions that ended (tcp.session events), by process name.', ['probe', 'comm']);
  const txBytes = kit.counter('probectl_tcp_session_tx_bytes_total', 'Bytes the ended TCP sessions sent: tx_kb * 1024, rounded.', ['probe', 'comm']);
  const rxBytes = kit.counter('probectl_tcp_session_rx_bytes_total', 'Bytes the ended TCP sessions received: rx_kb * 1024, rounded.', ['probe', 'comm']);
  const durations = kit.histogram('probectl_tcp_session_duration_seconds', 'Lifetimes of the ended TCP sessions, in seconds.', ['probe'], durationBuckets);
  return {
    'tcp.session': (event) => {
      const labels = { probe: event.probe, comm: comms.of(event.comm ?? ABSENT_LABEL) };
      sessions.inc(labels);
      txBytes.inc(labels, Math.round(event.tx_kb * 1024));
      rxBytes.inc(labels, Math.round(event.rx_kb * 1024));
      durations.observe({ probe: event.probe }, event.duration_ms / 1000);
    },
  };
};
