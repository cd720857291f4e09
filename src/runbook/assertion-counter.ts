// One assertion evaluated over a stream of events with counters only: totals, a bounded tally per key and per flow, a few samples.
import { plural } from '../core/plural.js';
import type { ProbeEvent } from '../events/index.js';
import { flowText } from '../tally/flow-text.js';
import { flowOf } from './fields.js';
import { renderMessage } from './message.js';
import type { AssertionSpec } from './model.js';
import { ownerFromFlow, sessionTypes } from '../summary/flow-sources.js';
import { FlowJoin } from '../summary/flows.js';
import type { ParameterValue } from './parameters.js';
import type { AssertionResult, KeyParts, KeyResult } from './result.js';
import type { Comparison } from './schema.js';
import { Tally } from './tally.js';
import { describeConditions, matches } from './where.js';

export const holds: Record<Comparison, (value: number, threshold: number) => boolean> = {
  below: (v, t) => v < t,
  at_most: (v, t) => v <= t,
  equals: (v, t) => v === t,
  above: (v, t) => v > t,
  at_least: (v, t) => v >= t,
};

const SAMPLES = 3;
const TOP = 5;
export const MAX_BREACHES = 50;

interface RawKey {
  parts: KeyParts;
  comm?: string;
}

export interface CounterContext {
  /** Seconds observed, the denominator of rates. */
  observedS: number;
  parameters: Record<string, ParameterValue | null>;
  /** The host the events came from, for `${host}` in messages (unset when they came from several). */
  host?: string;
}

const body = (event: ProbeEvent): Record<string, unknown> => {
  const { ts: _t, source: _s, host: _h, seq: _q, ...rest } = event;
  return rest;
};

export class AssertionCounter {
  private matched = 0;
  /** The count or sum of the matching events; a share's part. */
  private part = 0;
  /** A share's total. */
  private total = 0;
  /** Matching events without the field a sum adds up. */
  private missing = 0;
  private readonly samples: Record<string, unknown>[] = [];
  private readonly flows = new Tally<string>();
  private readonly keys = new Tally<RawKey>();
  /**
   * For events whose pid is not their connection's owner, split by pid or comm: the flow view of the matching events
   * and every session, whose rows name each connection's owner (src/summary/flows.ts).
   */
  private readonly owners: FlowJoin | undefined;
  /** The flow row's count the matching events add to, when split by owner. */
  private readonly ownerCount: 'retransmits' | 'drops' | undefined;

  constructor(readonly spec: AssertionSpec) {
    this.ownerCount = ownerFromFlow.get(spec.type);
    if (this.ownerCount !== undefined && (spec.by?.some((k) => k === 'pid' || k === 'comm') ?? false)) this.owners = new FlowJoin();
  }

  add(event: ProbeEvent): void {
    const { spec } = this;
    if (sessionTypes.has(event.type)) this.owners?.add(event);
    if (event.type !== spec.type) return;
    if (spec.measure === 'share' && !matches(event, spec.of ?? [])) return;
    const amount = this.amountOf(event);
    if (spec.measure === 'share') this.total += amount;
    if (!matches(event, spec.where)) return;
    this.matched++;
    this.part += amount;
    if (this.samples.length < SAMPLES) this.samples.push(body(event));
    const flow = flowOf(event);
    if (flow !== undefined) this.flows.add(flow, () => flow, amount);
    if (spec.by !== undefined) this.addToKey(event, spec.by, amount, flow);
  }

  private amountOf(event: ProbeEvent): number {
    const { field } = this.spec;
    if (field === undefined) return 1;
    const value = (event as unknown as Record<string, unknown>)[field];
    if (typeof value === 'number') return value;
    this.missing++;
    return 0;
  }

  private addToKey(event: ProbeEvent, by: string[], amount: number, flow: string | undefined): void {
    if (this.owners !== undefined) return this.owners.add(event);
    const e = event as unknown as Record<string, unknown>;
    const value = (k: string) => (typeof e[k] === 'string' || typeof e[k] === 'number' ? (e[k] as string | number) : null);
    const parts = Object.fromEntries(by.map((k) => [k, k === 'flow' ? (flow ?? null) : value(k)]));
    const comm = typeof e.comm === 'string' ? e.comm : undefined;
    this.keys.add(JSON.stringify(by.map((k) => parts[k])), () => ({ parts, ...(comm !== undefined && { comm }) }), amount);
  }

  /** The split keys with their values measured. */
  private keyResults(context: CounterContext): KeyResult[] {
    const perSecond = (k: KeyResult): KeyResult => (this.spec.measure === 'rate' ? { ...k, value: k.value / context.observedS } : k);
    if (this.owners !== undefined) return this.ownerResults().map(perSecond);
    return [...this.keys.values()].map(({ key, amount, events }) =>
      perSecond({ key: key.parts, ...(key.comm !== undefined && { comm: key.comm }), value: amount, events }),
    );
  }

  /** Keys by owner: each connection's matching events counted under its owner; a connection without one is a key of its own. */
  private ownerResults(): KeyResult[] {
    const { spec } = this;
    const merged = new Map<string, KeyResult & { flowCounts: Array<[string, number]> }>();
    for (const row of this.owners!.rows(undefined)) {
      const n = row[this.ownerCount!];
      if (n === 0) continue; // a session's row without a matching event
      const known = row.pid !== undefined || row.comm !== undefined;
      const parts: KeyParts = Object.fromEntries(spec.by!.map((k) => [k, (k === 'pid' ? row.pid : k === 'comm' ? row.comm : undefined) ?? null]));
      if (!known) parts.flow = flowText(row);
      const id = JSON.stringify(Object.entries(parts));
      const entry = merged.get(id) ?? { key: parts, ...(row.comm !== undefined && { comm: row.comm }), value: 0, events: 0, flowCounts: [] };
      entry.value += n;
      entry.events += n;
      entry.flowCounts.push([flowText(row), n]);
      merged.set(id, entry);
    }
    return [...merged.values()].map(({ flowCounts, ...k }) => ({
      ...k,
      flows: flowCounts
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3)
        .map(([f, n]) => `${f} (${n})`),
    }));
  }

  result(context: CounterContext): AssertionResult {
    const { spec } = this;
    const check = holds[spec.comparison];
    const notes: string[] = [];
    if (this.missing > 0) notes.push(`${plural(this.missing, 'matching event')} had no ${spec.field}, counted as 0`);
    if (this.keys.other.events > 0) notes.push(`${plural(this.keys.other.events, 'event')} beyond the first 10000 keys were not split by key`);
    const folded = this.owners?.dropped();
    if (folded !== undefined && folded.flows > 0)
      notes.push(
        `${plural(folded.flows, 'connection')} beyond the flow view's 10000 were folded: their ${plural(folded[this.ownerCount!], 'event')} are not split by owner`,
      );
    const messageValues = (extra: Record<string, string | number | null | undefined>) => ({
      host: context.host,
      ...context.parameters,
      name: spec.name,
      threshold: spec.threshold,
      ...extra,
    });
    const base = {
      name: spec.name,
      severity: spec.severity,
      measure: spec.measure,
      type: spec.type,
      where: describeConditions(spec.where),
      ...(spec.by !== undefined && { by: spec.by }),
      comparison: spec.comparison,
      threshold: spec.threshold,
      unit: spec.measure === 'count' ? 'events' : spec.measure === 'rate' ? 'events/s' : spec.measure === 'share' ? 'share' : spec.field!,
      matched: this.matched,
      evidence: {
        ...(this.flows.size > 0 && { flows: this.flows.top(TOP).map((f) => ({ flow: f.key, amount: f.amount })) }),
        ...(this.samples.length > 0 && { events: this.samples }),
      },
    };
    if (spec.measure === 'rate' && !(context.observedS > 0))
      return {
        ...base,
        passed: false,
        value: null,
        breaches: [],
        more_breaches: 0,
        messages: [],
        note: 'nothing was observed (no observation window): no rate',
      };

    if (spec.by !== undefined) {
      const keys = this.keyResults(context);
      const breaching = keys.filter((k) => !check(k.value, spec.threshold)).sort((a, b) => b.value - a.value);
      for (const k of breaching)
        if (spec.message !== undefined) k.message = renderMessage(spec.message, messageValues({ comm: k.comm, ...k.key, value: round(k.value) }));
      const worst = worstOf(
        keys.map((k) => k.value),
        spec.comparison,
        spec.threshold,
      );
      const upper = spec.comparison === 'below' || spec.comparison === 'at_most';
      return {
        ...base,
        passed: breaching.length === 0,
        value: worst,
        breaches: breaching.slice(0, MAX_BREACHES),
        more_breaches: Math.max(0, breaching.length - MAX_BREACHES),
        messages: breaching.flatMap((k) => (k.message !== undefined ? [k.message] : [])),
        evidence: { ...base.evidence, keys: [...keys].sort((a, b) => (upper ? b.value - a.value : a.value - b.value)).slice(0, TOP) },
        ...((notes.length > 0 || keys.length === 0) && { note: [...(keys.length === 0 ? ['no event matched: no key to check'] : []), ...notes].join('; ') }),
      };
    }

    let value: number | null = this.part;
    if (spec.measure === 'rate') value = this.part / context.observedS;
    if (spec.measure === 'share') {
      value = this.total > 0 ? this.part / this.total : null;
      if (value === null) notes.unshift(`no ${spec.type} event${spec.field === undefined ? '' : ` with ${spec.field}`} to take a share of`);
    }
    const passed = value !== null && check(value, spec.threshold);
    return {
      ...base,
      passed,
      value,
      breaches: [],
      more_breaches: 0,
      messages: !passed && spec.message !== undefined ? [renderMessage(spec.message, messageValues({ value: value === null ? null : round(value) }))] : [],
      evidence: { ...base.evidence, ...(spec.measure === 'share' && { share: { part: this.part, total: this.total } }) },
      ...(notes.length > 0 && { note: notes.join('; ') }),
    };
  }
}

/** The key furthest on the wrong side: the largest against an upper bound, the smallest against a lower one. */
export function worstOf(values: number[], comparison: Comparison, threshold: number): number | null {
  if (values.length === 0) return null;
  if (comparison === 'below' || comparison === 'at_most') return Math.max(...values);
  if (comparison === 'above' || comparison === 'at_least') return Math.min(...values);
  return values.reduce((w, v) => (Math.abs(v - threshold) > Math.abs(w - threshold) ? v : w));
}

/** For messages: rates to two decimals, counts as they are. */
const round = (value: number): number => Math.round(value * 100) / 100;
