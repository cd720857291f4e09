// How a result's numbers read in every output (terminal, Markdown, HTML): values with their unit, the comparison in words.
import type { AssertionResult, KeyResult } from './result.js';
import { unitFor } from '../core/plural.js';
import type { Comparison } from './schema.js';

const WORDS: Record<Comparison, string> = { below: 'below', at_most: 'at most', equals: 'equal to', above: 'above', at_least: 'at least' };

/** A number as measured: whole numbers as they are, others to at most 3 decimals. */
export function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

export function valueText(a: Pick<AssertionResult, 'value' | 'unit'>, value = a.value): string {
  if (value === null) return 'not measured';
  if (a.unit === 'share') return `${num(value * 100)} %`;
  return `${num(value)} ${unitFor(value, a.unit)}`;
}

/** "must be below 5 events/s", "each key must be at most 3 events" */
export function requirementText(a: AssertionResult): string {
  const threshold = a.unit === 'share' ? `${num(a.threshold * 100)} %` : `${num(a.threshold)} ${unitFor(a.threshold, a.unit)}`;
  return `${a.by === undefined ? 'must be' : `each ${a.by.join(' + ')} must be`} ${WORDS[a.comparison]} ${threshold}`;
}

/** What is measured, in a line: "count of tcp.drop where reason = NETFILTER_DROP, by pid" */
export function measureText(a: AssertionResult): string {
  const what =
    a.measure === 'rate'
      ? `${a.type} per second`
      : a.measure === 'count'
        ? `${a.type} events`
        : a.measure === 'sum'
          ? `${a.unit} summed over ${a.type}`
          : `share of ${a.type}`;
  return `${what}${a.where === '' ? '' : ` where ${a.where}`}${a.by === undefined ? '' : `, by ${a.by.join(' + ')}`}`;
}

/** `pid 1725 (pctl-cli)` */
export function keyText(k: KeyResult): string {
  const parts = Object.entries(k.key).map(([name, v]) => `${name} ${v ?? '?'}`);
  const comm = k.comm !== undefined && !('comm' in k.key) ? ` (${k.comm})` : '';
  return parts.join(', ') + comm;
}

export const verdictText = (a: AssertionResult): 'PASS' | 'FAIL' | 'ALERT' => (a.passed ? 'PASS' : a.severity === 'alert' ? 'ALERT' : 'FAIL');
