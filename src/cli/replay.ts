// probectl replay <dir>: a recording through the live pipeline, at recorded pace or as fast as possible.
import { z } from 'zod';
import { checkSpeed, replayRecording } from '../api/replay.js';
import { metricsOptionsShape, metricsSettings } from '../metrics/options.js';
import { openRecording } from '../recording/reader.js';
import { closingLine, eventWriter, formatSchema, quietOnClosedStdout } from './output.js';
import { checkedOptions } from './options.js';
import { checkTimeLimits } from './time-limits.js';

const replayOptions = z.strictObject({
  format: formatSchema.default('jsonl'),
  speed: z
    .string()
    .default('max')
    .transform((s) => (s === 'max' ? ('max' as const) : Number(s))),
  validate: z.boolean().default(false),
  ...metricsOptionsShape,
});

export async function replayCommand(dir: string, raw: unknown): Promise<void> {
  const options = checkedOptions(replayOptions, raw);
  checkSpeed(options.speed);
  checkTimeLimits(options);
  const metricsWanted = metricsSettings(options);
  quietOnClosedStdout();
  const recording = await openRecording(dir);
  const metrics = metricsWanted === undefined ? undefined : await (await import('../metrics/run-metrics.js')).startRunMetrics(metricsWanted);
  const writer = eventWriter(options.format, process.stdout);
  const counts = new Map<string, number>();
  let unparsed = 0;
  let written = 0;
  try {
    for await (const event of replayRecording(recording, options.speed, options.validate)) {
      counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      if (event.type === 'tool.diagnostic' && event.level === 'unparsed') unparsed++;
      metrics?.observe(event);
      writer.write(event);
      // Paced, each event goes out as it comes; at full speed, every few hundred, waiting for a slow reader.
      if (options.speed !== 'max' || ++written % 512 === 0) await writer.drain();
    }
    await writer.end?.();
  } finally {
    await metrics?.close(); // the last push, then the server closes
  }
  process.stderr.write(closingLine(counts, unparsed, writer.note?.()) + '\n');
}
