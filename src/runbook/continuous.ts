// A runbook's assertions evaluated again and again over a sliding window per host, by the same counters `runbook run` uses: an alert when a key breaks one, a resolve when it holds again.
// Each host is evaluated at its own times (its first event's time, then every few seconds of its clock), so that a
// backlog read at once is judged exactly as the same events arriving live. A host whose clock steps back starts its
// window again from its new time.
import type { ProbeEvent } from '../events/index.js';
import type { AlertEvent } from './alert-event.js';
import { AssertionCounter } from './assertion-counter.js';
import { HostGroups } from './host-groups.js';
import type { AssertionSpec, Runbook } from './model.js';
import type { AssertionResult, KeyParts } from './result.js';
import { SlidingWindow } from './sliding-window.js';

export interface ContinuousOptions {
  /** Seconds of events each evaluation looks at. */
  windowS: number;
  /** Seconds a key must stay in breach before it raises an alert (a connection's owner may be named a moment after its retransmits). */
  forS: number;
  /** Seconds of a host's time between two evaluations of its window. */
  everyS: number;
  /** Told when a host's clock stepped back by `backMs` and its window started again. */
  onClockStep?(host: string, backMs: number): void;
  /** Told once a window when a host's events filled it (`limit` of them) and older ones began to leave early: its counts are low from then on. */
  onWindowFull?(host: string, limit: number): void;
}

/**
 * How far a host's event may come before its latest one and still be taken as the same clock: the lines of a host's
 * probes interleave by a few milliseconds. Further back, the clock was set back (an NTP step, a virtual machine resumed).
 */
export const CLOCK_STEP_MS = 1000;

interface Breach {
  key: KeyParts;
  comm?: string;
  value: number | null;
  message?: string;
}

interface Tracked extends Breach {
  since: number;
  firing: boolean;
}

interface Host {
  window: SlidingWindow;
  /** The host's time (ms) of its next evaluation; set by its first event. */
  next?: number;
}

export class ContinuousEvaluation {
  private readonly hostStates = new HostGroups<Host>((_host) => ({ window: this.newWindow() }));
  /** By host, assertion and key (trackedPrefix, then the key's JSON). */
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    private readonly runbook: Runbook,
    private readonly options: ContinuousOptions,
  ) {}

  get hosts(): number {
    return this.hostStates.size;
  }

  /**
   * Takes one event, arrived `now` (Date.now()); first evaluates its host at every time due before the event's own, so
   * that a backlog read at once raises what it would have raised live. The alerts raised and resolved there.
   */
  add(event: ProbeEvent, now = Date.now()): AlertEvent[] {
    const host = this.hostStates.of(event.host);
    const latest = host.window.latestTs;
    const out = latest !== undefined && event.ts < latest - CLOCK_STEP_MS ? this.restart(event.host, host, latest - event.ts, now) : [];
    if (host.next !== undefined && host.next < event.ts) out.push(...this.evaluateDue(event.host, host, event.ts, true));
    const full = host.window.dropped > 0;
    host.window.add(event, now);
    if (!full && host.window.dropped > 0) this.options.onWindowFull?.(event.host, host.window.limit);
    host.next ??= event.ts + this.everyMs;
    return out;
  }

  /**
   * A host whose clock stepped back: its events so far are of another timeline, which its new ones cannot be measured
   * against (every one of them would be older than the window and leave it at once, until the clock caught up again).
   * The old timeline is evaluated up to its clock now, as the timer would; then the window starts afresh from the new
   * time, a breach not yet firing waits its `for` again, and a firing one stays raised until the new window resolves it.
   */
  private restart(name: string, host: Host, backMs: number, now: number): AlertEvent[] {
    const out = this.evaluateDue(name, host, host.window.clock(now), false);
    host.window = this.newWindow();
    host.next = undefined;
    const prefix = trackedPrefix(name);
    for (const [id, state] of this.tracked) if (id.startsWith(prefix) && !state.firing) this.tracked.delete(id);
    this.options.onClockStep?.(name, backMs);
    return out;
  }

  private newWindow(): SlidingWindow {
    return new SlidingWindow(this.options.windowS * 1000);
  }

  /** Evaluates every host at each of its times that its clock has reached by `now`; the alerts raised and resolved. */
  evaluate(now = Date.now()): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (const [name, host] of this.hostStates.entries()) out.push(...this.evaluateDue(name, host, host.window.clock(now), false));
    return out;
  }

  private get everyMs(): number {
    return this.options.everyS * 1000;
  }

  /**
   * The host's evaluations due by `until` (before it, when an event of that time waits to be added). Over a span with
   * no event in the window nothing changes once `for` has passed, so such a span is not stepped through tick by tick.
   */
  private evaluateDue(name: string, host: Host, until: number, before: boolean): AlertEvent[] {
    const out: AlertEvent[] = [];
    const steady = Math.ceil(this.options.forS / this.options.everyS) + 1;
    let empty = 0;
    const due = () => host.next! < until || (!before && host.next! === until);
    while (host.next !== undefined && due()) {
      const events = host.window.current(host.next);
      out.push(...this.evaluateHost(name, host.window, events, host.next));
      empty = events.length === 0 ? empty + 1 : 0;
      if (empty >= steady) host.next += Math.max(1, Math.floor((until - host.next) / this.everyMs)) * this.everyMs;
      else host.next += this.everyMs;
    }
    return out;
  }

  private evaluateHost(host: string, window: SlidingWindow, events: ProbeEvent[], clock: number): AlertEvent[] {
    const out: AlertEvent[] = [];
    const observedS = window.seconds(clock);
    for (const spec of this.runbook.assertions) {
      const counter = new AssertionCounter(spec);
      for (const event of events) counter.add(event);
      const result = counter.result({ observedS, parameters: this.runbook.parameters, host });
      out.push(...this.transitions(host, spec, result, clock));
    }
    return out;
  }

  private transitions(host: string, spec: AssertionSpec, result: AssertionResult, clock: number): AlertEvent[] {
    const out: AlertEvent[] = [];
    const prefix = trackedPrefix(host, spec.name);
    const breaches = breachesOf(result);
    const current = new Set<string>();
    for (const breach of breaches) {
      const id = `${prefix}${JSON.stringify(breach.key)}`;
      current.add(id);
      const known = this.tracked.get(id);
      const state: Tracked = known === undefined ? { ...breach, since: clock, firing: false } : { ...known, ...breach };
      if (!state.firing && clock - state.since >= this.options.forS * 1000) {
        state.firing = true;
        state.since = clock;
        out.push(this.event('runbook.alert', host, spec, result, state, clock));
      }
      this.tracked.set(id, state);
    }
    for (const [id, state] of this.tracked) {
      if (!id.startsWith(prefix) || current.has(id)) continue;
      this.tracked.delete(id); // a breach that never lasted long enough to fire ends without a word
      if (state.firing) out.push(this.event('runbook.resolve', host, spec, result, { ...state, value: valueOf(result, state.key) }, clock));
    }
    return out;
  }

  private event(type: AlertEvent['type'], host: string, spec: AssertionSpec, result: AssertionResult, state: Tracked, clock: number): AlertEvent {
    return {
      type,
      ts: Math.round(clock),
      host,
      runbook: this.runbook.name,
      assertion: spec.name,
      severity: spec.severity,
      key: state.key,
      ...(state.comm !== undefined && { comm: state.comm }),
      value: state.value,
      comparison: spec.comparison,
      threshold: spec.threshold,
      unit: result.unit,
      ...(state.message !== undefined && { message: state.message }),
      window_s: this.options.windowS,
      ...(type === 'runbook.resolve' && { since: Math.round(state.since) }),
    };
  }
}

/**
 * The start of the ids `tracked` keeps a host's breaches under (its prefix, then the key's JSON): of one assertion's,
 * or of all the host's when no assertion is named.
 */
function trackedPrefix(host: string, assertion?: string): string {
  return assertion === undefined ? JSON.stringify([host]).slice(0, -1) + ',' : JSON.stringify([host, assertion]);
}

/** The keys in breach: each breaching key of a split assertion, or the whole (an empty key) of one that is not split. */
function breachesOf(result: AssertionResult): Breach[] {
  if (result.by !== undefined)
    return result.breaches.map((b) => ({
      key: b.key,
      ...(b.comm !== undefined && { comm: b.comm }),
      value: b.value,
      ...(b.message !== undefined && { message: b.message }),
    }));
  if (result.passed || result.value === null) return []; // null: nothing to measure yet (a rate before any time was observed)
  return [{ key: {}, value: result.value, ...(result.messages[0] !== undefined && { message: result.messages[0] }) }];
}

/** The key's value now, once it holds again: from the top keys the result lists, 0 when it is not among them (none of its events is left). */
function valueOf(result: AssertionResult, key: KeyParts): number | null {
  if (result.by === undefined) return result.value;
  const id = JSON.stringify(key);
  return result.evidence.keys?.find((k) => JSON.stringify(k.key) === id)?.value ?? 0;
}
