// --replay DIR: the runbook's probes read from DIR/<probe>/ (as `probectl run --record DIR` writes them), merged in time order.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { replayRecording } from '../api/replay.js';
import { ProbectlError } from '../core/errors.js';
import type { ProbeEvent } from '../events/index.js';
import { RECORDING_FILES } from '../recording/format.js';
import { openRecording, type ChunkSource } from '../recording/reader.js';

export interface ReplayedProbe {
  probe: string;
  recording: ChunkSource;
  /** Epoch ms of its first output on stdout (its start when it printed none there), and of its end. */
  readyAt: number;
  endedAt: number;
}

export async function readProbeRecordings(dir: string, probes: readonly string[]): Promise<ReplayedProbe[]> {
  const missing = probes.filter((p) => !existsSync(join(dir, p, RECORDING_FILES.meta)));
  if (missing.length > 0)
    throw new ProbectlError(
      'RUNBOOK',
      `${dir} holds no recording of ${missing.join(', ')} (looked for ${missing.map((p) => join(dir, p, RECORDING_FILES.meta)).join(', ')}).`,
      `Record the runbook's probes together: probectl run ${probes.join(' ')} --record DIR.`,
    );
  return Promise.all(
    probes.map(async (probe) => {
      const recording = await openRecording(join(dir, probe));
      const { started_at } = recording.meta;
      const firstOut = recording.firstStdoutAt ?? 0;
      return { probe, recording, readyAt: started_at + Math.round(firstOut), endedAt: started_at + Math.round(recording.endedAt) };
    }),
  );
}

/** Every recording replayed (schema-checked), their events merged by ts; one pending event per recording. */
export async function* mergedReplay(probes: readonly ReplayedProbe[]): AsyncGenerator<ProbeEvent> {
  const streams = probes.map((p) => replayRecording(p.recording, 'max', true));
  const heads = await Promise.all(streams.map((s) => s.next()));
  for (;;) {
    let next = -1;
    for (const [i, head] of heads.entries()) if (!head.done && (next < 0 || head.value.ts < (heads[next]!.value as ProbeEvent).ts)) next = i;
    if (next < 0) return;
    yield heads[next]!.value as ProbeEvent;
    heads[next] = await streams[next]!.next();
  }
}
