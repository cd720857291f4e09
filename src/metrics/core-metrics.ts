// The series of the events every probe may produce (lost events, diagnostics, probe status), made through the metrics kit like a module's.
import type { coreEventSchemas } from '../events/index.js';
import type { MetricsHandlers, MetricsKit } from '../tally/metrics-part.js';

export function coreMetrics(kit: MetricsKit): MetricsHandlers<keyof typeof coreEventSchemas> {
  const lost = kit.counter('probectl_lost_events_total', 'Events the tools say they lost (tool.lost counts).', ['probe']);
  const diagnostics = kit.counter('probectl_diagnostics_total', 'Lines that were not data (tool.diagnostic events), by level.', ['probe', 'level']);
  const up = kit.gauge('probectl_probe_up', '1 while the probe is ready, 0 while it starts and once it stopped or failed.', ['probe', 'backend']);
  return {
    'tool.lost': (event) => lost.inc({ probe: event.probe }, event.count),
    'tool.diagnostic': (event) => diagnostics.inc({ probe: event.probe, level: event.level }),
    'probe.status': (event) => up.set({ probe: event.probe, backend: event.backend }, event.state === 'ready' ? 1 : 0),
    // A host's state has no series (fleet run's metrics carry each event's host as a label).
    'fleet.host': () => {},
  } satisfies MetricsHandlers<keyof typeof coreEventSchemas>;
}
