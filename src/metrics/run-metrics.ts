// The metrics of one `probectl run` (or `fleet run`): fed by its events, served on --metrics and pushed to --push while it runs, closed when it ends.
import { ProbectlError } from '../core/errors.js';
import { directoryFailureReason, makeDirectory } from '../core/make-directory.js';
import type { ProbeEvent } from '../events/index.js';
import type { MetricsSettings } from './options.js';
import { ProbeMetrics } from './probe-metrics.js';
import { MetricsPusher, shownUrl } from './push.js';
import { isRemoteWriteUrl, RemoteWritePusher } from './remote-write.js';
import { DEFAULT_SPOOL_LIMITS } from './sample-spool.js';
import { serveMetrics, type MetricsServer } from './server.js';

export interface RunMetrics {
  observe(event: ProbeEvent): void;
  /** Pushes a last time (when pushing) and stops serving. */
  close(): Promise<void>;
}

/** Starts serving (a port in use throws here, before any probe starts) and the push loop; says where on stderr. */
export async function startRunMetrics(settings: MetricsSettings, stderr: NodeJS.WritableStream = process.stderr): Promise<RunMetrics> {
  const metrics = new ProbeMetrics({ labels: settings.labels, naming: settings.naming, hostLabel: settings.hostLabel });
  const warn = (line: string) => void stderr.write(line + '\n');
  let server: MetricsServer | undefined;
  if (settings.listen !== undefined) {
    server = await serveMetrics(settings.listen, metrics);
    warn(`probectl: serving metrics at ${server.url}`);
  }
  let pusher: MetricsPusher | RemoteWritePusher | undefined;
  if (settings.push !== undefined) {
    const remoteWrite = isRemoteWriteUrl(settings.push.url);
    if (remoteWrite) {
      const dir = settings.push.spool;
      if (dir !== undefined) spoolDirectory(dir);
      pusher = new RemoteWritePusher(settings.push, metrics, warn, { ...DEFAULT_SPOOL_LIMITS, dir });
    } else {
      pusher = new MetricsPusher(settings.push, metrics, warn);
      if (settings.push.spool !== undefined)
        warn('probectl: note: --spool keeps remote write samples only; the text format sends the state of the moment, as soon as the server answers');
    }
    pusher.start();
    warn(`probectl: pushing metrics${remoteWrite ? ' by remote write' : ''} to ${shownUrl(settings.push.url)} every ${settings.push.intervalMs / 1000} s`);
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

/** Makes --spool DIR before any probe starts: a directory that cannot be made is refused now, not when the server goes away. */
function spoolDirectory(dir: string): void {
  try {
    makeDirectory(dir, 0o700);
  } catch (error) {
    throw new ProbectlError(
      'USAGE',
      `cannot make the spool directory ${dir}: ${directoryFailureReason(error as NodeJS.ErrnoException, dir)}.`,
      'Give --spool a directory this user can write.',
      {
        cause: error,
      },
    );
  }
}
