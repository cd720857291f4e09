// syscount's Prometheus series: calls and failed calls by call name, and by process name where counted per process.
import { ABSENT_LABEL, type MetricsPart } from '../../tally/metrics-part.js';

export const syscountMetrics: MetricsPart<'syscall.count'> = (kit) => {
  const syscalls = kit.bounded('syscalls');
  const comms = kit.bounded('comms');
  const labelNames = ['probe', 'syscall', 'comm'] as const;
  const calls = kit.counter('probectl_syscalls_total', 'System calls that returned (the sum of syscall.count counts), by call and process name.', labelNames);
  const failures = kit.counter('probectl_syscall_failures_total', 'Of those, the calls that returned an error, where the tool tells.', labelNames);
  const seconds = kit.counter('probectl_syscall_seconds_total', 'Time spent in them, entry to return (--latency).', labelNames);
  return {
    'syscall.count': (event) => {
      const name = event.syscall ?? (event.nr === undefined ? ABSENT_LABEL : `#${event.nr}`);
      const labels = { probe: event.probe, syscall: syscalls.of(name), comm: event.comm === undefined ? ABSENT_LABEL : comms.of(event.comm) };
      calls.inc(labels, event.count);
      if (event.errors !== undefined) failures.inc(labels, event.errors);
      if (event.total_ns !== undefined) seconds.inc(labels, event.total_ns / 1e9);
    },
  };
};
