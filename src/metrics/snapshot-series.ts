// The samples of one moment of the metrics, as remote write time series: the same names, labels and values as the text exposition.
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { TimeSeries } from './write-request.js';

type Values = MetricObjectWithValues<MetricValue<string>>;

/**
 * One series a sample: counters and gauges under their name, histograms as name_bucket (with le), name_sum and name_count,
 * as prom-client names them. Labels with an empty value are left out, as Prometheus reads them in the text format.
 */
export function snapshotSeries(metrics: readonly Values[], timestamp: number): TimeSeries[] {
  const series: TimeSeries[] = [];
  for (const metric of metrics)
    for (const { labels, value, metricName } of metric.values as (MetricValue<string> & { metricName?: string })[]) {
      const named = [{ name: '__name__', value: metricName ?? metric.name }];
      for (const [name, labelValue] of Object.entries(labels))
        if (labelValue !== undefined && labelValue !== '') named.push({ name, value: String(labelValue) });
      named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      series.push({ labels: named, samples: [{ value, timestamp }] });
    }
  return series;
}
