// profile's Prometheus series: CPU samples per process name.
import type { MetricsPart } from '../../tally/metrics-part.js';

export const profileMetrics: MetricsPart<'profile.stack'> = (kit) => {
  const comms = kit.bounded('comms');
  const samples = kit.counter('probectl_profile_samples_total', 'On-CPU stack samples (profile.stack counts), by process name.', ['probe', 'comm'] as const);
  return {
    'profile.stack': (event) => samples.inc({ probe: event.probe, comm: comms.of(event.comm) }, event.count),
  };
};
