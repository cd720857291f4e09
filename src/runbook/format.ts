// How a result's numbers read in every output (terminal, Markdown, HTML): values with their unit, the comparison in words.
import type { AssertionResult, HostAssertionResult, KeyResult, RunbookResult } from './result.js';
import { plural, unitFor } from '../core/plural.js';
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
  const subject = a.by === undefined ? (a.per === 'host' ? 'each host must be' : 'must be') : `each ${a.by.join(' + ')} must be`;
  return `${a.per === 'host' && a.by !== undefined ? 'on each host, ' : ''}${subject} ${WORDS[a.comparison]} ${threshold}`;
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
  return `${what}${a.where === '' ? '' : ` where ${a.where}`}${a.by === undefined ? '' : `, by ${a.by.join(' + ')}`}${a.per === 'host' ? ', per host' : ''}`;
}

/** `pid 1725 (pctl-cli)` */
export function keyText(k: KeyResult): string {
  const parts = Object.entries(k.key).map(([name, v]) => `${name} ${v ?? '?'}`);
  const comm = k.comm !== undefined && !('comm' in k.key) ? ` (${k.comm})` : '';
  return parts.join(', ') + comm;
}

export const verdictText = (a: Pick<AssertionResult, 'passed' | 'severity'>): 'PASS' | 'FAIL' | 'ALERT' =>
  a.passed ? 'PASS' : a.severity === 'alert' ? 'ALERT' : 'FAIL';

/** A host's verdict on a `per: host` assertion, in a word: PASS, FAIL, ALERT, or "not run". */
export const hostVerdictText = (a: AssertionResult, h: HostAssertionResult): string =>
  h.observed ? verdictText({ passed: h.passed, severity: a.severity }) : 'not run';

/** "1 of 2 hosts ran" */
export const hostsRanText = (hosts: { ran: number; total: number }): string => `${hosts.ran} of ${plural(hosts.total, 'host')} ran`;

/** The run's verdict in a word for the reports: a run that could not observe outweighs a breach, a breach a host that did not run. */
export function runVerdictText(r: RunbookResult): 'COULD NOT OBSERVE' | 'FAIL' | 'PARTIAL' | 'PASS' {
  if (r.hosts?.ran === 0 || r.failed_probes.length > 0) return 'COULD NOT OBSERVE';
  if (r.breached > 0) return 'FAIL';
  return r.hosts !== undefined && r.hosts.ran < r.hosts.total ? 'PARTIAL' : 'PASS';
}

/** Each host's verdict on a `per: host` assertion, one line a host: "root@web-1: FAIL, 12 events". */
export const hostVerdictLines = (a: AssertionResult): string[] =>
  (a.hosts ?? []).map((h) => `${h.host}: ${hostVerdictText(a, h)}${h.observed ? `, ${valueText(a, h.value)}` : ''}`);

/** The parameters the hosts' labels gave, a host a part: "web-1 port=5111, web-2 port=5112"; empty when none did. */
export const hostParametersText = (r: RunbookResult): string =>
  Object.entries(r.hosts?.parameters ?? {})
    .map(
      ([host, values]) =>
        `${host} ${Object.entries(values)
          .map(([k, v]) => `${k}=${v ?? '(not set)'}`)
          .join(' ')}`,
    )
    .join(', ');
