// probectl replay <dir>: a recording, or a directory of them as one stream, through the live pipeline, at recorded pace or as fast as possible.
import * as z from '../events/zod.js';
import { checkSpeed, MIN_SPEED, replayRecordings } from '../api/replay.js';
import { checkLabelsUnused, metricsOptionsShape, metricsSettings } from '../metrics/options.js';
import { otlpOptionShape, otlpSettings } from '../otlp/options.js';
import { recordedOrigin } from '../publish/message-id.js';
import { publishOptionsShape, publishSettings } from '../publish/options.js';
import { openRecordings } from '../recording/recording-set.js';
import { formatSchema } from './format-option.js';
import { closingLine, eventWriter, quietOnClosedStdout } from './output.js';
import { checkedOptions } from './options.js';
import { stackFileOptionsShape } from './stack-file-options.js';
import { stackFilesFor } from './stack-file-output.js';
import { checkTimeLimits } from './time-limits.js';
import { stopOnSignals, untilAborted } from './until-aborted.js';

const replayOptions = z.strictObject({
  format: z._default(formatSchema, 'jsonl'),
  speed: z.pipe(
    z._default(z.string(), 'max').check(
      z.refine((s) => s === 'max' || (/^\d+(\.\d+)?$/.test(s) && Number(s) >= MIN_SPEED), {
        error: (issue) =>
          `must be "max" or a number from ${MIN_SPEED} (a multiple of the recorded pace: 1 is real time, 10 ten times faster), not "${String(issue.input)}"`,
      }),
    ),
    z.transform((s) => (s === 'max' ? ('max' as const) : Number(s))),
  ),
  validate: z._default(z.boolean(), false),
  ...metricsOptionsShape,
  ...otlpOptionShape,
  ...publishOptionsShape,
  ...stackFileOptionsShape,
});

export async function replayCommand(dir: string, raw: unknown): Promise<void> {
  const options = checkedOptions(replayOptions, raw);
  checkSpeed(options.speed);
  checkTimeLimits(options);
  const metricsWanted = metricsSettings(options);
  await checkLabelsUnused(options.label);
  const otlpWanted = otlpSettings(options.otlp);
  const publishWanted = publishSettings(options);
  const stackFiles = await stackFilesFor(options);
  quietOnClosedStdout();
  const recordings = await openRecordings(dir);
  const metrics = metricsWanted === undefined ? undefined : await (await import('../metrics/run-metrics.js')).startRunMetrics(metricsWanted);
  const otlp = otlpWanted === undefined ? undefined : await (await import('../otlp/otlp-export.js')).startOtlpExport(otlpWanted);
  // A replay's message ids name its recording: replaying it again resends the same events, which the stream stores once.
  const publish =
    publishWanted === undefined
      ? undefined
      : (await import('../publish/run-publish.js')).startPublishing(publishWanted, recordedOrigin(Math.min(...recordings.map((r) => r.meta.started_at))));
  const writer = await eventWriter(options.format, process.stdout, { probeColumn: recordings.length > 1 });
  // Exporting or publishing, SIGINT or SIGTERM ends the replay early with what was read still sent, as a run's end does.
  const stop = otlp === undefined && publish === undefined ? undefined : stopOnSignals();
  const counts = new Map<string, number>();
  let unparsed = 0;
  let written = 0;
  try {
    const events = replayRecordings(recordings, options.speed, options.validate);
    for await (const event of stop === undefined ? events : untilAborted(events, stop.signal)) {
      counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      if (event.type === 'tool.diagnostic' && event.level === 'unparsed') unparsed++;
      metrics?.observe(event);
      otlp?.observe(event);
      stackFiles?.add(event);
      writer.write(event);
      if (otlp !== undefined) await otlp.room();
      if (publish !== undefined) {
        publish.observe(event);
        await publish.room();
      }
      // Paced, each event goes out as it comes; at full speed, every few hundred, waiting for a slow reader.
      if (options.speed !== 'max' || ++written % 512 === 0) await writer.drain();
    }
    await writer.end?.();
  } finally {
    stop?.release();
    await metrics?.close(); // the last push, then the server closes
    await otlp?.close(); // what is left, and the last metrics
    await publish?.close(); // what is spooled is sent, up to --publish-wait
  }
  await stackFiles?.write();
  process.stderr.write(closingLine(counts, unparsed, [writer.note?.(), stackFiles?.note(), otlp?.note(), publish?.note()]) + '\n');
}
