// The Prometheus metrics of a stream of events: every event counted here, the core series (core-metrics.ts) and each probe's (its module's metrics part) made on prom-client.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProbeEvent } from '../events/index.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { probeModules } from '../probes/registry.js';
import type { CounterSeries, MetricNaming, MetricsKit } from '../tally/metrics-part.js';
import { BoundedFlows, BoundedValues } from './bounded.js';
import { coreMetrics } from './core-metrics.js';
import { defaultLabelCaps, type LabelCaps } from './label-caps.js';

type Observe = (event: ProbeEvent) => void;

export interface ProbeMetricsOptions {
  caps?: Partial<LabelCaps>;
  /** Added to every sample (the --label options), after checking by userLabels(). */
  labels?: Record<string, string>;
  /** probectl's names (the default), or XTrace-Catch's for xdpcount. */
  naming?: MetricNaming;
  /** The modules whose series are made (default: every registered one). */
  modules?: readonly ProbeModule[];
}

export class ProbeMetrics {
  readonly registry = new Registry();
  /** Event type → how it adds to the series; a type without one only counts in probectl_events_total. */
  private readonly handlers = new Map<string, Observe>();
  private readonly events: CounterSeries<'probe' | 'type'>;

  constructor(options: ProbeMetricsOptions = {}) {
    const kit = this.kit({ ...defaultLabelCaps, ...options.caps }, options.naming ?? { scheme: 'probectl' });
    this.events = kit.counter('probectl_events_total', 'Events of each type, per probe.', ['probe', 'type']);
    // The order the series are made in is the order of the exposition: the modules' in the registry's order, then the core's.
    for (const module of options.modules ?? probeModules) this.addHandlers(module.metrics?.(kit));
    this.addHandlers(coreMetrics(kit));
    if (options.labels !== undefined) this.registry.setDefaultLabels(options.labels);
  }

  observe(event: ProbeEvent): void {
    this.events.inc({ probe: event.probe, type: event.type });
    this.handlers.get(event.type)?.(event);
  }

  /** The Prometheus text exposition of every series so far. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Every series so far with its values, for remote write. */
  snapshot(): ReturnType<Registry['getMetricsAsJSON']> {
    return this.registry.getMetricsAsJSON();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private addHandlers(handlers: Readonly<Record<string, ((event: never) => void) | null>> | undefined): void {
    // Each handler takes the events of the type it is keyed by, which is the only type it is called with.
    for (const [type, handler] of Object.entries(handlers ?? {})) if (handler !== null) this.handlers.set(type, handler as Observe);
  }

  /** The kit the metrics parts make their series with: prom-client's, registered here, with label values bounded by caps. */
  private kit(caps: LabelCaps, naming: MetricNaming): MetricsKit {
    const registers = [this.registry];
    const bounded = new Map<string, BoundedValues>();
    let flows: BoundedFlows | undefined;
    return {
      naming,
      counter: (name, help, labelNames) => new Counter({ name, help, labelNames, registers }),
      gauge: (name, help, labelNames) => new Gauge({ name, help, labelNames, registers }),
      histogram: (name, help, labelNames, buckets) => new Histogram({ name, help, labelNames, buckets: [...buckets], registers }),
      bounded: (kind) => bounded.get(kind) ?? bounded.set(kind, new BoundedValues(caps[kind])).get(kind)!,
      flows: () => (flows ??= new BoundedFlows(caps.flows)),
    };
  }
}
