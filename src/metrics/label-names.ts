// The label names the metrics use, read from the metrics parts themselves with a kit that makes no series (so without prom-client).
import type { MetricNaming, MetricsKit } from '../tally/metrics-part.js';
import { OTHER } from './bounded.js';

const namings: readonly MetricNaming[] = [{ scheme: 'probectl' }, { scheme: 'xtrace', collectAgg: '' }];

/** Every label name the parts give their series under any naming, in the order they first appear. */
export function labelNamesOf(parts: readonly ((kit: MetricsKit) => unknown)[]): string[] {
  const names = new Set<string>();
  const inert = { inc() {}, set() {}, observe() {} };
  const record = (_name: string, _help: string, labelNames: readonly string[]) => {
    for (const label of labelNames) names.add(label);
    return inert;
  };
  const kit = (naming: MetricNaming): MetricsKit => ({
    naming,
    counter: record,
    gauge: record,
    histogram: record,
    bounded: () => ({ of: () => OTHER }),
    flows: () => ({ of: () => ({ laddr: OTHER, lport: OTHER, raddr: OTHER, rport: OTHER }) }),
  });
  for (const naming of namings) for (const part of parts) part(kit(naming));
  return [...names];
}
