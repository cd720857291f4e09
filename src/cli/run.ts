// probectl run <probe...>: probes live, their events as one stream, until the duration ends or the user stops them.
import * as z from '../events/zod.js';
import { planRun, runBatches } from '../api/run.js';
import { ProbectlError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import { liveOrigin } from '../publish/message-id.js';
import { planToJson } from '../run/plan-json.js';
import { checkPrivileges } from '../run/privileges.js';
import { checkPlans } from '../run/session.js';
import { releaseStartHold } from './lean-start.js';
import { LiveOutput } from './live-output.js';
import { outputFailure } from './output-failure.js';
import { checkedRunSettings, runOptionsShape } from './run-settings.js';
import { closingLine, eventWriter } from './output.js';
import { plansFromTestSeam } from './plan-file.js';
import { StartProgress } from './progress.js';
import { openOutput } from './open-output.js';

const runOptions = z.strictObject({
  ...runOptionsShape,
  dryRun: z._default(z.boolean(), false),
  includeSelf: z._default(z.boolean(), false),
});

export async function runCommand(names: string[], raw: unknown): Promise<void> {
  const { options, stackFiles, metricsWanted, otlpWanted, publishWanted, filters, probeSettings: settings } = await checkedRunSettings(runOptions, names, raw);
  const { plans, facts } =
    (await plansFromTestSeam(names)) ?? (await planRun(names, { backend: options.backend, filters, settings, includeSelf: options.includeSelf }));
  if (options.dryRun) {
    process.stdout.write(JSON.stringify(plans.map(planToJson), null, 2) + '\n');
    return;
  }
  checkPrivileges(
    facts,
    plans.map((p) => p.probe),
  );
  checkPlans(plans, options.record === undefined ? undefined : { dir: options.record });

  const out = options.output === undefined ? process.stdout : await openOutput(options.output);
  const metrics = metricsWanted === undefined ? undefined : await (await import('../metrics/run-metrics.js')).startRunMetrics(metricsWanted); // a port in use stops here, before any probe starts; prom-client loads only when asked for
  const otlp = otlpWanted === undefined ? undefined : await (await import('../otlp/otlp-export.js')).startOtlpExport(otlpWanted); // the SDK loads only when asked for
  const publish = publishWanted === undefined ? undefined : (await import('../publish/run-publish.js')).startPublishing(publishWanted, liveOrigin(Date.now()));
  const stop = new AbortController();
  const kill = new AbortController();
  const progress = StartProgress.forStderr();
  const writer = await eventWriter(options.format, out, { probeColumn: plans.length > 1 }, { live: true });
  const output = new LiveOutput(
    writer,
    out,
    () => stop.abort(),
    () => progress.clear(),
  );
  const onSignal = () => {
    if (!stop.signal.aborted) {
      if (process.stderr.isTTY) process.stderr.write('\nprobectl: stopping the probes (Ctrl-C again to kill them)\n');
      stop.abort();
    } else kill.abort();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const; // SIGHUP: the terminal closed; the probes are in sessions of their own
  for (const s of signals) process.on(s, onSignal);

  const counts = new Map<string, number>();
  let unparsed = 0;
  const failures: string[] = [];
  try {
    const batches = runBatches(plans, {
      facts,
      signal: stop.signal,
      kill: kill.signal,
      validate: options.validate,
      includeSelf: options.includeSelf,
      record: options.record,
      durationMs: options.duration === undefined ? undefined : options.duration * 1000,
      graceMs: options.grace === undefined ? undefined : { int: options.grace * 1000, term: options.grace * 1000 },
    });
    // Taken a batch at a time: at thousands of events a second, an await per event costs more than writing it.
    for await (const batch of batches) {
      for (const event of batch) {
        counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
        if (event.type === 'tool.diagnostic' && event.level === 'unparsed') unparsed++;
        if (event.type !== 'probe.status' || event.state !== 'starting') releaseStartHold(); // a probe is ready, or has more to say than its start
        if (event.type === 'probe.status' && event.state === 'failed') failures.push(`${event.probe} (${event.backend}): ${event.message ?? 'failed'}`);
        progress.observe(event);
        metrics?.observe(event);
        otlp?.observe(event);
        stackFiles?.add(event);
        output.write(event);
        if (output.behind) await output.room(); // a batch of 1 MB lines is not all written ahead of a slow reader
        // The sinks that send elsewhere are waited for event by event, as their spools and queues are sized for.
        if (otlp !== undefined) await otlp.room();
        if (publish !== undefined) {
          publish.observe(event);
          await publish.room();
        }
      }
    }
  } finally {
    for (const s of signals) process.off(s, onSignal);
    progress.stop();
    await output.end();
    await metrics?.close(); // the last push, then the server closes
    await otlp?.close(); // what is left, and the last metrics
    await publish?.close(); // what is spooled is sent, up to --publish-wait
  }
  if (output.error !== undefined) throw outputFailure(output.error, options.output);
  await stackFiles?.write();
  if (!output.closed) process.stderr.write(closingLine(counts, unparsed, [writer.note?.(), stackFiles?.note(), otlp?.note(), publish?.note()]) + '\n');
  if (failures.length > 0)
    throw new ProbectlError(
      'CHILD_FAILED',
      `${failures.length} of ${plural(plans.length, 'probe')} failed: ${failures.join('; ')}`,
      "The probe.status events say more; 'probectl doctor' tells what works on this host.",
    );
}
