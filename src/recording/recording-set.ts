// A directory to replay: one recording, or one recording per probe in its subdirectories (as `probectl run --record DIR` writes them).
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ProbectlError } from '../core/errors.js';
import { RECORDING_FILES } from './format.js';
import { openRecording, type ChunkSource } from './reader.js';

/** The recordings DIR holds: itself when it has meta.json, else each subdirectory that has one, by name. */
export async function openRecordings(dir: string): Promise<ChunkSource[]> {
  if (existsSync(join(dir, RECORDING_FILES.meta))) return [await openRecording(dir)];
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new ProbectlError(
      'BAD_RECORDING',
      e.code === 'ENOENT' ? `${dir} does not exist.` : `${dir} cannot be read: ${e.message}`,
      'Point at a recording directory, or at a directory of them as probectl run --record DIR writes.',
    );
  });
  const probes = entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, RECORDING_FILES.meta)))
    .map((e) => e.name)
    .sort();
  if (probes.length === 0)
    throw new ProbectlError(
      'BAD_RECORDING',
      `${dir} holds no recording: neither ${RECORDING_FILES.meta} nor subdirectories with one (${join(dir, '<probe>', RECORDING_FILES.meta)}).`,
      'Point at a recording (meta.json, stdout, stderr, timing.jsonl) or at the directory probectl run --record DIR wrote, one recording per probe.',
    );
  return Promise.all(probes.map((probe) => openRecording(join(dir, probe))));
}
