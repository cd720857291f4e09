// Several recordings replayed as one stream: their chunks in recorded time order, each through its own pipeline, seq across the stream.
import { sleepLong } from '../core/long-timer.js';
import type { Pipeline } from '../core/pipeline.js';
import type { ProbeEvent } from '../events/index.js';
import type { TimedChunk } from '../recording/format.js';
import type { ChunkSource } from '../recording/reader.js';
import { pipelineFor } from './parse.js';

type Chunk = TimedChunk & { data: Buffer };

/** One recording's place in the merge: its next chunk, or its end once the chunks are out. */
interface Lane {
  recording: ChunkSource;
  pipeline: Pipeline;
  chunks: AsyncIterator<Chunk>;
  next: Chunk | undefined;
  /** Epoch ms of the next chunk, or of the recording's end. */
  at: number;
}

async function advance(lane: Lane): Promise<void> {
  const { started_at } = lane.recording.meta;
  const next = await lane.chunks.next();
  lane.next = next.done === true ? undefined : next.value;
  lane.at = started_at + (lane.next === undefined ? lane.recording.endedAt : lane.next.t);
}

/**
 * Each chunk goes to its recording's pipeline when its turn comes by recorded time (started_at + t, so recordings of
 * one run interleave as they arrived), the first by name on a tie. Paced from the earliest start.
 */
export async function* replayMerged(recordings: readonly ChunkSource[], speed: number | 'max', validate: boolean): AsyncGenerator<ProbeEvent> {
  const batch: ProbeEvent[] = [];
  const lanes: Lane[] = recordings.map((recording) => {
    const { meta } = recording;
    return {
      recording,
      pipeline: pipelineFor(
        { tool: meta.parser, layout: meta.layout, impl: meta.tool.impl, probe: meta.probe, host: meta.host, validate },
        { onEvent: (e) => batch.push(e) },
      ),
      chunks: recording.chunks()[Symbol.asyncIterator](),
      next: undefined,
      at: 0,
    };
  });
  let seq = 0;
  try {
    await Promise.all(lanes.map(advance));
    const start = Math.min(...lanes.map((l) => l.recording.meta.started_at));
    const started = performance.now(); // monotonic, as in replayRecording
    while (lanes.length > 0) {
      let i = 0;
      for (let j = 1; j < lanes.length; j++) if (lanes[j]!.at < lanes[i]!.at) i = j;
      const lane = lanes[i]!;
      if (speed !== 'max') {
        const wait = (lane.at - start) / speed - (performance.now() - started);
        if (wait > 0) await sleepLong(wait);
      }
      const { started_at } = lane.recording.meta;
      if (lane.next === undefined) {
        lane.pipeline.end(started_at + Math.round(lane.recording.endedAt));
        lanes.splice(i, 1);
      } else {
        lane.pipeline.chunk(lane.next.stream, lane.next.data, started_at + Math.round(lane.next.t));
        await advance(lane);
      }
      for (const event of batch.splice(0)) {
        event.seq = ++seq;
        yield event;
      }
    }
  } finally {
    await Promise.all(lanes.map((l) => l.chunks.return?.()));
  }
}
