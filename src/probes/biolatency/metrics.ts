// biolatency's Prometheus series: I/O completed per device, and the last interval's latency percentiles per device.
import type { MetricsPart } from '../../tally/metrics-part.js';
import { LatencyHistogram } from './latency-histogram.js';

const QUANTILES = [0.5, 0.9, 0.99] as const;

export const biolatencyMetrics: MetricsPart<'block.latency'> = (kit) => {
  const devices = kit.bounded('devices');
  const io = kit.counter('probectl_block_io_total', 'Block I/O requests completed (the sum of block.latency counts), by device ("all" without --per-device).', [
    'probe',
    'device',
  ]);
  const latency = kit.gauge(
    'probectl_block_io_latency_seconds',
    "The last interval's latency percentiles by device: the end of the log2 bucket holding each (the latency is below it, within 2x).",
    ['probe', 'device', 'quantile'],
  );
  return {
    'block.latency': (event) => {
      const device = devices.of(event.device);
      io.inc({ probe: event.probe, device }, event.count);
      if (event.count === 0) return;
      const histogram = new LatencyHistogram();
      histogram.add(event);
      const sorted = histogram.sorted();
      for (const q of QUANTILES) {
        const us = histogram.percentile(q, sorted);
        if (us !== null) latency.set({ probe: event.probe, device, quantile: String(q) }, us / 1_000_000);
      }
    },
  };
};
