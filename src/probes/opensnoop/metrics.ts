// opensnoop's Prometheus series: opens by process name, failed opens by errno.
import type { MetricsPart } from '../../tally/metrics-part.js';

export const opensnoopMetrics: MetricsPart<'file.open'> = (kit) => {
  const comms = kit.bounded('comms');
  const errnos = kit.bounded('errnos');
  const opens = kit.counter('probectl_file_opens_total', 'open(), openat() and openat2() calls (file.open events), by process name.', ['probe', 'comm']);
  const failedOpens = kit.counter('probectl_file_open_failures_total', 'Opens that failed, by errno (2 ENOENT, 13 EACCES, ...).', ['probe', 'errno']);
  return {
    'file.open': (event) => {
      opens.inc({ probe: event.probe, comm: comms.of(event.comm) });
      if (event.errno !== 0) failedOpens.inc({ probe: event.probe, errno: errnos.of(String(event.errno)) });
    },
  };
};
