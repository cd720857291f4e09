// A `per: host` assertion: one counter per host (the grouping `watch` uses), each host's verdict, and the whole breached when any host breaches.
import { plural } from '../core/plural.js';
import type { ProbeEvent } from '../events/index.js';
import { AssertionCounter, MAX_BREACHES, worstOf } from './assertion-counter.js';
import { HostGroups } from './host-groups.js';
import type { AssertionSpec } from './model.js';
import type { ParameterValue } from './parameters.js';
import type { AssertionResult, HostAssertionResult, KeyResult } from './result.js';
import { describeConditions } from './where.js';

const TOP = 5;

export interface PerHostContext {
  /** The hosts to give a verdict on, in order, and whether each ran; default: every host seen, all of them ran. */
  hosts?: ReadonlyArray<{ host: string; ran: boolean }>;
  /** Seconds observed on this host, the denominator of its rates. */
  observedS(host: string): number;
  /** The parameters as filled in for this host (a host's inventory labels may give some). */
  parameters(host: string): Record<string, ParameterValue | null>;
}

export class PerHostCounter {
  private readonly counters: HostGroups<AssertionCounter>;

  /** specFor: the assertion as filled in for a host, when its parameters differ there (default: spec). */
  constructor(
    readonly spec: AssertionSpec,
    specFor: (host: string) => AssertionSpec = () => spec,
  ) {
    this.counters = new HostGroups((host) => new AssertionCounter(specFor(host)));
  }

  add(event: ProbeEvent): void {
    this.counters.of(event.host).add(event);
  }

  result(context: PerHostContext): AssertionResult {
    const { spec } = this;
    const hosts = context.hosts ?? [...this.counters.entries()].map(([host]) => ({ host, ran: true }));
    const results = hosts.map(({ host, ran }) => ({
      host,
      ran,
      result: ran ? this.counters.of(host).result({ observedS: context.observedS(host), parameters: context.parameters(host), host }) : undefined,
    }));
    const perHost: HostAssertionResult[] = results.map(({ host, result }) =>
      result === undefined
        ? { host, observed: false, passed: true, value: null, matched: 0, breaches: [], more_breaches: 0, messages: [], evidence: {}, note: 'did not run' }
        : {
            host,
            observed: true,
            passed: result.passed,
            value: result.value,
            matched: result.matched,
            ...(result.where !== describeConditions(spec.where) && { where: result.where }),
            breaches: result.breaches,
            more_breaches: result.more_breaches,
            messages: result.messages,
            evidence: result.evidence,
            ...(result.note !== undefined && { note: result.note }),
          },
    );
    const observed = perHost.filter((h) => h.observed);
    // What every host's result shares (name, type, requirement, unit); its note is that host's own.
    const { note: _note, ...shared } =
      results.find((r) => r.result !== undefined)?.result ?? new AssertionCounter(spec).result({ observedS: 0, parameters: {} });
    const withHost = (host: string, k: KeyResult): KeyResult => ({ ...k, key: { host, ...k.key } });
    // Split: each host's breaching keys, named by host; whole: each breaching host is a key of its own (one not measured is in `hosts` only).
    const breaching: KeyResult[] = observed
      .filter((h) => !h.passed)
      .flatMap((h) =>
        spec.by !== undefined
          ? h.breaches.map((k) => withHost(h.host, k))
          : h.value === null
            ? []
            : [{ key: { host: h.host }, value: h.value, events: h.matched }],
      );
    const keys: KeyResult[] =
      spec.by !== undefined
        ? observed.flatMap((h) => (h.evidence.keys ?? []).map((k) => withHost(h.host, k)))
        : observed.flatMap((h) => (h.value === null ? [] : [{ key: { host: h.host }, value: h.value, events: h.matched }]));
    const upper = spec.comparison === 'below' || spec.comparison === 'at_most';
    const missing = perHost.length - observed.length;
    const moreBreaches = observed.reduce((n, h) => n + (spec.by !== undefined ? h.more_breaches : 0), 0) + Math.max(0, breaching.length - MAX_BREACHES);
    return {
      ...shared,
      where: describeConditions(spec.where),
      per: 'host',
      hosts: perHost,
      passed: observed.every((h) => h.passed),
      value: worstOf(
        observed.flatMap((h) => (h.value === null ? [] : [h.value])),
        spec.comparison,
        spec.threshold,
      ),
      matched: observed.reduce((n, h) => n + h.matched, 0),
      breaches: breaching.slice(0, MAX_BREACHES),
      more_breaches: moreBreaches,
      messages: observed.flatMap((h) => h.messages),
      evidence: { keys: [...keys].sort((a, b) => (upper ? b.value - a.value : a.value - b.value)).slice(0, TOP) },
      ...(missing > 0 && { note: `${plural(missing, 'host')} did not run: not checked there` }),
    };
  }
}
