// The label names probectl's metrics use, which a --label may not take: read from every module's metrics part (without
// prom-client), so this loads every module; a run without --label does not load it.
import { ProbectlError } from '../core/errors.js';
import { optionsHint } from '../core/options-hint.js';
import { probeModules } from '../probes/registry.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { coreMetrics } from './core-metrics.js';
import { labelNamesOf } from './label-names.js';

export const metricLabelNames: readonly string[] = [
  // probectl_events_total's, which the metrics dispatch makes itself.
  'type',
  ...labelNamesOf([...(probeModules as readonly ProbeModule[]).flatMap((m) => (m.metrics === undefined ? [] : [m.metrics])), coreMetrics]),
  // A histogram's bucket label.
  'le',
];

const taken = new Set<string>([...metricLabelNames, 'quantile']);

/** What is wrong with the first of these labels that probectl's metrics already use; undefined when they use none. */
export function takenLabelProblem(labels: Readonly<Record<string, string>>): string | undefined {
  const name = Object.keys(labels).find((n) => taken.has(n));
  return name === undefined ? undefined : `"${name}" is a label probectl's metrics already use (${[...taken].join(', ')})`;
}

/** The same check as a usage error, in the words an option's problem takes. */
export function checkLabelsFree(labels: Readonly<Record<string, string>>): void {
  const problem = takenLabelProblem(labels);
  if (problem !== undefined) throw new ProbectlError('USAGE', `invalid option: --label ${problem}.`, optionsHint());
}
