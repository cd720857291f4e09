// The --label k=v options: checked against Prometheus's label name rules, values made safe, added to every sample.
import { probeModules } from '../probes/registry.js';
import { coreMetrics } from './core-metrics.js';
import { labelNamesOf } from './label-names.js';

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Every label name the metrics use, read from the metrics parts without loading prom-client: a --label may not take one of them. */
export const metricLabelNames: readonly string[] = [
  // probectl_events_total's, which the metrics dispatch makes itself.
  'type',
  ...labelNamesOf([...probeModules.flatMap((m) => (m.metrics === undefined ? [] : [m.metrics])), coreMetrics]),
  // A histogram's bucket label.
  'le',
];

const reserved = new Set<string>([...metricLabelNames, 'quantile']);

export type LabelResult = { labels: Record<string, string> } | { problem: string };

/**
 * Parses "name=value" items. The value may be any string: control characters become "_" (a raw newline
 * or NUL would not survive every reader of the text format); it must not be empty, as an empty value is
 * no label at all in Prometheus.
 */
export function userLabels(items: readonly string[]): LabelResult {
  const labels: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) return { problem: `"${item}" is not NAME=VALUE` };
    const name = item.slice(0, eq);
    const value = sanitisedValue(item.slice(eq + 1));
    if (!labelName.test(name)) return { problem: `"${name}" is not a Prometheus label name (letters, digits and _, not starting with a digit)` };
    if (name.startsWith('__')) return { problem: `"${name}": names starting with __ are reserved by Prometheus` };
    if (reserved.has(name)) return { problem: `"${name}" is a label probectl's metrics already use (${[...reserved].join(', ')})` };
    if (value === '') return { problem: `"${name}" has an empty value` };
    if (Object.hasOwn(labels, name)) return { problem: `"${name}" is given twice` };
    labels[name] = value;
  }
  return { labels };
}

export function sanitisedValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '_');
}
