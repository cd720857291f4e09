// probectl watch nats://HOST:PORT[/PREFIX] --runbook FILE|NAME: a runbook's assertions over a JetStream stream, continuously; alerts and resolves as JSON lines.
import * as z from '../events/zod.js';
import { secondsOption } from '../core/option-numbers.js';
import { plural } from '../core/plural.js';
import { natsUrlSchema, defaultStreamName } from '../publish/nats-target.js';
import { DEFAULTS } from '../publish/options.js';
import { alertsSubject, subjectToken } from '../publish/subject.js';
import { runbookFile } from '../runbook/bundled.js';
import { loadRunbook } from '../runbook/load.js';
import { parseSets } from '../runbook/parameters.js';
import { checkedOptions } from './options.js';
import { quietOnClosedStdout } from './output.js';

const seconds = (min: number) => secondsOption().check(z.gte(min, `must be at least ${min} seconds`), z.lte(86_400, 'must be at most 86400 seconds'));

const watchOptions = z.strictObject({
  url: natsUrlSchema,
  runbook: z.string({ error: () => 'must name a runbook file or a bundled runbook (workload-stalled)' }).check(z.minLength(1, 'must name a runbook')),
  set: z._default(z.array(z.string()), []),
  stream: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'must be a stream name of letters, digits, _ and -'))),
  durable: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'must be a consumer name of letters, digits, _ and -'))),
  window: z.optional(seconds(0.1)),
  for: z._default(seconds(0), 1),
  every: z._default(seconds(0.1), 1),
  duration: z.optional(seconds(0.1)),
  publishAlerts: z._default(z.boolean(), false),
});

export async function watchCommand(url: string, raw: unknown): Promise<void> {
  const options = checkedOptions(watchOptions, { ...(raw as object), url });
  // A runbook that cannot be read is refused here, before anything connects.
  const runbook = await loadRunbook(runbookFile(options.runbook), parseSets(options.set));
  const target = options.url;
  const stream = {
    name: options.stream ?? defaultStreamName(target.prefix),
    maxAgeS: DEFAULTS.maxAgeS,
    maxBytes: DEFAULTS.maxBytes,
    duplicateWindowS: DEFAULTS.duplicateWindowS,
  };
  const durable = options.durable ?? `probectl-watch-${subjectToken(runbook.name)}`;
  const windowS = options.window ?? runbook.durationS;
  const warn = (line: string) => void process.stderr.write(line + '\n');
  quietOnClosedStdout();

  const stop = new AbortController();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = () => stop.abort();
  for (const s of signals) process.on(s, onSignal);
  const timer = options.duration === undefined ? undefined : setTimeout(() => stop.abort(), options.duration * 1000);
  const { readDurable } = await import('../publish/stream-events.js'); // the NATS client loads only for watch
  const { watchStream } = await import('../runbook/watch.js');
  try {
    const reader = await readDurable(target, stream, durable, stop.signal, warn);
    if (reader === undefined) return;
    warn(
      `probectl: watching ${target.shown} (stream ${stream.name}, consumer ${durable}) with runbook ${runbook.name}: ${plural(runbook.assertions.length, 'assertion')} over the last ${windowS} s of each host, every ${options.every} s`,
    );
    const pending: Promise<void>[] = [];
    const counts = await watchStream(runbook, reader.messages, {
      windowS,
      forS: options.for,
      everyS: options.every,
      warn,
      onWindowFull: (host, limit) =>
        warn(
          `probectl: warning: the window of ${host} is full (${limit} events): older ones leave it early, so its counts are low; a shorter --window holds fewer`,
        ),
      onClockStep: (host, backMs) =>
        warn(`probectl: warning: the clock of ${host} went back ${(backMs / 1000).toFixed(1)} s; its window starts again from its new time`),
      onAlert(alert) {
        const line = JSON.stringify(alert);
        process.stdout.write(line + '\n');
        if (options.publishAlerts)
          pending.push(
            reader.publish(alertsSubject(target.prefix), line).catch((error: Error) => warn(`probectl: warning: could not publish an alert: ${error.message}`)),
          );
      },
    });
    await Promise.all(pending);
    await reader.close();
    warn(
      `probectl: watched ${plural(counts.events, 'event')} from ${plural(counts.hosts, 'host')}; ${plural(counts.alerts, 'alert')}, ${counts.resolved} resolved${counts.skipped > 0 ? `; ${plural(counts.skipped, 'message')} that were not probectl events skipped` : ''}`,
    );
  } finally {
    clearTimeout(timer);
    for (const s of signals) process.off(s, onSignal);
  }
}
