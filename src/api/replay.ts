// replay(): a recording, or a directory of them as one stream, through the same pipeline a live run uses, at recorded or faster speed.
import { ProbectlError } from '../core/errors.js';
import { sleepLong } from '../core/long-timer.js';
import type { ProbeEvent } from '../events/index.js';
import type { ChunkSource } from '../recording/reader.js';
import { openRecordings } from '../recording/recording-set.js';
import { pipelineFor } from '../run/tool-pipeline.js';
import { replayMerged } from './replay-merged.js';

export interface ReplayOptions {
  /** A multiple of the recorded pace, or 'max' to replay without waiting (default). */
  speed?: number | 'max';
  validate?: boolean;
}

/** The slowest pace: a thousandth of real time (an hour recorded replays in about 42 days). */
export const MIN_SPEED = 0.001;

export function checkSpeed(speed: number | 'max'): void {
  if (speed !== 'max' && !(Number.isFinite(speed) && speed >= MIN_SPEED))
    throw new ProbectlError(
      'USAGE',
      `--speed must be "max" or a number from ${MIN_SPEED} (a thousandth of the recorded pace) up, not ${speed}.`,
      'Try --speed 1 for real time, --speed 10, or --speed max.',
    );
}

/**
 * Replays a recording directory, or a directory of recordings (one per probe, as `probectl run --record DIR` writes
 * them) as one stream in recorded time order, seq numbered across it like a live run of several probes. Events carry
 * the recorded arrival times, so the same recordings always yield the same events, whatever the speed. The output
 * files are read as they are replayed, so recordings of any size take about the same memory.
 */
export async function* replay(dir: string, options: ReplayOptions = {}): AsyncGenerator<ProbeEvent> {
  const speed = options.speed ?? 'max';
  checkSpeed(speed);
  yield* replayRecordings(await openRecordings(dir), speed, options.validate ?? true);
}

/** One recording as it is, several merged into one stream. */
export function replayRecordings(recordings: readonly ChunkSource[], speed: number | 'max', validate: boolean): AsyncGenerator<ProbeEvent> {
  return recordings.length === 1 ? replayRecording(recordings[0]!, speed, validate) : replayMerged(recordings, speed, validate);
}

export async function* replayRecording(recording: ChunkSource, speed: number | 'max', validate: boolean): AsyncGenerator<ProbeEvent> {
  const { meta } = recording;
  const batch: ProbeEvent[] = [];
  const pipeline = pipelineFor(
    { tool: meta.parser, layout: meta.layout, impl: meta.tool.impl, probe: meta.probe, host: meta.host, validate },
    { onEvent: (e) => batch.push(e) },
  );
  const started = performance.now(); // monotonic: a step of the wall clock must not stall or rush the pace
  for await (const chunk of recording.chunks()) {
    if (speed !== 'max') {
      const wait = chunk.t / speed - (performance.now() - started);
      if (wait > 0) await sleepLong(wait); // at a slow speed, a gap can outlast one setTimeout
    }
    pipeline.chunk(chunk.stream, chunk.data, meta.started_at + Math.round(chunk.t));
    yield* batch.splice(0);
  }
  pipeline.end(meta.started_at + Math.round(recording.endedAt));
  yield* batch.splice(0);
}
