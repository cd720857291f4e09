// The Prometheus metrics of a stream of events: the series of the metrics dispatch (metrics-dispatch.ts) made on prom-client.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProbeEvent } from '../events/index.js';
import { MetricsDispatch, type MetricsDispatchOptions } from './metrics-dispatch.js';

export interface ProbeMetricsOptions extends MetricsDispatchOptions {
  /** Added to every sample (the --label options), after checking by userLabels(). */
  labels?: Record<string, string>;
}

export class ProbeMetrics {
  readonly registry = new Registry();
  private readonly dispatch: MetricsDispatch;

  constructor(options: ProbeMetricsOptions = {}) {
    const registers = [this.registry];
    this.dispatch = new MetricsDispatch(
      {
        counter: (name, help, labelNames) => new Counter({ name, help, labelNames, registers }),
        gauge: (name, help, labelNames) => new Gauge({ name, help, labelNames, registers }),
        histogram: (name, help, labelNames, buckets) => new Histogram({ name, help, labelNames, buckets: [...buckets], registers }),
      },
      options,
    );
    if (options.labels !== undefined) this.registry.setDefaultLabels(options.labels);
  }

  observe(event: ProbeEvent): void {
    this.dispatch.observe(event);
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
}
