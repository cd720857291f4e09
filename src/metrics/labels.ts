// The --label k=v options: checked against Prometheus's label name rules, values made safe, added to every sample.
// Whether probectl's own metrics already use a name is taken-labels.ts's check, which loads every module's metrics part.

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

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
    if (value === '') return { problem: `"${name}" has an empty value` };
    if (Object.hasOwn(labels, name)) return { problem: `"${name}" is given twice` };
    labels[name] = value;
  }
  return { labels };
}

export function sanitisedValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '_');
}
