// A probe module's metrics part: its Prometheus series, made through a kit that hides prom-client, and one handler per event type it produces.
import type { EventOf, EventType } from '../events/index.js';
import type { FlowLabels } from '../metrics/bounded.js';
import type { LabelCaps } from '../metrics/label-caps.js';

/** A label the event did not carry: an empty value, which Prometheus reads as no label at all. */
export const ABSENT_LABEL = '';

export interface CounterSeries<L extends string> {
  inc(labels: Readonly<Record<L, string>>, value?: number): void;
}

export interface GaugeSeries<L extends string> {
  set(labels: Readonly<Record<L, string>>, value: number): void;
}

export interface HistogramSeries<L extends string> {
  observe(labels: Readonly<Record<L, string>>, value: number): void;
}

/** Label values bounded by their cap: the value itself while it has (or can get) a series, else "other". */
export interface BoundedLabel<V, Out> {
  of(value: V): Out;
}

/** The names series take: probectl's own, or XTrace-Catch's for xdpcount (whose dashboards users keep), with its collect_agg label value. */
export type MetricNaming = { scheme: 'probectl' } | { scheme: 'xtrace'; collectAgg: string };

/** What the metrics layer gives a module to make its series with; every series is registered where it is made. */
export interface MetricsKit {
  readonly naming: MetricNaming;
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): CounterSeries<L>;
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): GaugeSeries<L>;
  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[]): HistogramSeries<L>;
  /** The bounded values of one kind of label, under its cap (LabelCaps); every series that asks for a kind shares its values and cap. */
  bounded(kind: Exclude<keyof LabelCaps, 'flows'>): BoundedLabel<string, string>;
  /** The four labels of a TCP flow, bounded together under the flows cap. */
  flows(): BoundedLabel<{ laddr: string; lport: number; raddr: string; rport: number }, FlowLabels>;
}

/**
 * One entry per event type of the module: how an event adds to the module's series, or null for a type that
 * only counts in probectl_events_total. A type without an entry does not compile.
 */
export type MetricsHandlers<T extends EventType> = { readonly [K in T]: ((event: EventOf<K>) => void) | null };

/** Makes the module's series (once per metrics registry) and returns its handlers. */
export type MetricsPart<T extends EventType> = (kit: MetricsKit) => MetricsHandlers<T>;
