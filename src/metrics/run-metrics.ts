// The metrics of one `probectl run`: fed by its events, served on --metrics and pushed to --push while it runs, closed when it ends.
import type { ProbeEvent } from '../events/index.js';
import type { MetricsSettings } from './options.js';
import { ProbeMetrics } from './probe-metrics.js';
import { MetricsPusher, shownUrl } from './push.js';
import { serveMetrics, type MetricsServer } from './server.js';

export interface RunMetrics {
  observe(event: ProbeEvent): void;
  /** Pushes a last time (when pushing) and stops serving. */
  close(): Promise<void>;
}

/** Starts serving (a port in use throws here, before any probe starts) and the push loop; says where on stderr. */
export async function startRunMetrics(settings: MetricsSettings, stderr: NodeJS.WritableStream = process.stderr): Promise<RunMetrics> {
  const metrics = new ProbeMetrics({ labels: settings.labels });
  const warn = (line: string) => void stderr.write(line + '\n');
  let server: MetricsServer | undefined;
  if (settings.listen !== undefined) {
    server = await serveMetrics(settings.listen, metrics);
    warn(`probectl: serving metrics at ${server.url}`);
  }
  let pusher: MetricsPusher | undefined;
  if (settings.push !== undefined) {
    pusher = new MetricsPusher(settings.push, metrics, warn);
    pusher.start();
    warn(`probectl: pushing metrics to ${shownUrl(settings.push.url)} every ${settings.push.intervalMs / 1000} s`);
  }
  return {
    observe: (event) => metrics.observe(event),
    async close() {
      try {
        await pusher?.stop();
      } finally {
        await server?.close();
      }
    },
  };
}
