// The metrics dispatch's series made on an OpenTelemetry meter: counters, gauges and explicit-bucket histograms under the Prometheus names and labels.
import type { Attributes, Meter } from '@opentelemetry/api';
import type { SeriesMakers } from '../metrics/metrics-dispatch.js';
import { ABSENT_LABEL } from '../tally/metrics-part.js';

/** A label the event did not carry is no label in Prometheus, and no attribute here. */
function attributesOf(labels: Readonly<Record<string, string>>): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(labels)) if (value !== ABSENT_LABEL) attributes[name] = value;
  return attributes;
}

export function meterSeries(meter: Meter): SeriesMakers {
  return {
    counter: (name, description) => {
      const counter = meter.createCounter(name, { description });
      return { inc: (labels, value = 1) => counter.add(value, attributesOf(labels)) };
    },
    gauge: (name, description) => {
      const gauge = meter.createGauge(name, { description });
      return { set: (labels, value) => gauge.record(value, attributesOf(labels)) };
    },
    histogram: (name, description, _labelNames, buckets) => {
      const histogram = meter.createHistogram(name, { description, advice: { explicitBucketBoundaries: [...buckets] } });
      return { observe: (labels, value) => histogram.record(value, attributesOf(labels)) };
    },
  };
}
