// Events to series: probectl_events_total, then each module's handlers and the core's, on series made by any maker (prom-client's, OpenTelemetry's).
import type { ProbeEvent } from '../events/index.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { probeModules } from '../probes/registry.js';
import type { CounterSeries, MetricNaming, MetricsKit } from '../tally/metrics-part.js';
import { BoundedFlows, BoundedValues } from './bounded.js';
import { coreMetrics } from './core-metrics.js';
import { defaultLabelCaps, type LabelCaps } from './label-caps.js';

type Observe = (event: ProbeEvent) => void;

/** What makes the series themselves; the kit adds the bounded label values on top. */
export type SeriesMakers = Pick<MetricsKit, 'counter' | 'gauge' | 'histogram'>;

export interface MetricsDispatchOptions {
  caps?: Partial<LabelCaps>;
  /** The modules whose series are made (default: every registered one). */
  modules?: readonly ProbeModule[];
  /** probectl's names (the default), or XTrace-Catch's for xdpcount. */
  naming?: MetricNaming;
  /** Every series gets a `host` label, the host of the event counted: a fleet's hosts kept apart. */
  hostLabel?: boolean;
}

/** One set of series and the handlers that feed them: every exporter of the metrics counts the same events the same way through it. */
export class MetricsDispatch {
  /** Event type → how it adds to the series; a type without one only counts in probectl_events_total. */
  private readonly handlers = new Map<string, Observe>();
  private readonly events: CounterSeries<'probe' | 'type'>;
  /** The host of the event being counted, for the host label. */
  private host = '';

  constructor(makers: SeriesMakers, options: MetricsDispatchOptions = {}) {
    const kit = kitOf(
      options.hostLabel ? withHostLabel(makers, () => this.host) : makers,
      { ...defaultLabelCaps, ...options.caps },
      options.naming ?? { scheme: 'probectl' },
    );
    this.events = kit.counter('probectl_events_total', 'Events of each type, per probe.', ['probe', 'type']);
    // The order the series are made in is the order of the exposition: the modules' in the registry's order, then the core's.
    for (const module of options.modules ?? probeModules) this.addHandlers(module.metrics?.(kit));
    this.addHandlers(coreMetrics(kit));
  }

  observe(event: ProbeEvent): void {
    this.host = event.host;
    this.events.inc({ probe: event.probe, type: event.type });
    this.handlers.get(event.type)?.(event);
  }

  private addHandlers(handlers: Readonly<Record<string, ((event: never) => void) | null>> | undefined): void {
    // Each handler takes the events of the type it is keyed by, which is the only type it is called with.
    for (const [type, handler] of Object.entries(handlers ?? {})) if (handler !== null) this.handlers.set(type, handler as Observe);
  }
}

/** Makers whose series all take one more label, `host`, valued by hostOf() when a sample is added. */
function withHostLabel(makers: SeriesMakers, hostOf: () => string): SeriesMakers {
  return {
    counter: (name, help, labelNames) => {
      const series = makers.counter(name, help, [...labelNames, 'host']);
      return { inc: (labels, value) => series.inc({ ...labels, host: hostOf() }, value) };
    },
    gauge: (name, help, labelNames) => {
      const series = makers.gauge(name, help, [...labelNames, 'host']);
      return { set: (labels, value) => series.set({ ...labels, host: hostOf() }, value) };
    },
    histogram: (name, help, labelNames, buckets) => {
      const series = makers.histogram(name, help, [...labelNames, 'host'], buckets);
      return { observe: (labels, value) => series.observe({ ...labels, host: hostOf() }, value) };
    },
  };
}

/** The kit the metrics parts make their series with: the makers' series, with label values bounded by caps. */
function kitOf(makers: SeriesMakers, caps: LabelCaps, naming: MetricNaming): MetricsKit {
  const bounded = new Map<string, BoundedValues>();
  let flows: BoundedFlows | undefined;
  return {
    naming,
    counter: (name, help, labelNames) => makers.counter(name, help, labelNames),
    gauge: (name, help, labelNames) => makers.gauge(name, help, labelNames),
    histogram: (name, help, labelNames, buckets) => makers.histogram(name, help, labelNames, buckets),
    bounded: (kind) => bounded.get(kind) ?? bounded.set(kind, new BoundedValues(caps[kind])).get(kind)!,
    flows: () => (flows ??= new BoundedFlows(caps.flows)),
  };
}
