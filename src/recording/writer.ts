// Writes a recording as it happens: meta first, then each chunk's bytes and timing, the emitted events, and the end.
import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { ProbectlError } from '../core/errors.js';
import type { Stream } from '../core/layout.js';
import { RECORDING_FILES, recordingMetaSchema, type RecordingMeta } from './format.js';

/** Refuses a directory that already holds files, so that a recording never overwrites another. */
export function checkRecordingDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new ProbectlError('OUTPUT', `${dir} is not empty: a recording would overwrite what is there.`, 'Give --record a new directory, or remove the old recording first.');
}

export class RecordingWriter {
  private readonly files: Record<'stdout' | 'stderr' | 'timing' | 'expected', WriteStream>;
  private failure: Error | undefined;

  /** Creates the directory and writes meta.json at once (the command has just started). */
  constructor(readonly dir: string, meta: RecordingMeta) {
    checkRecordingDir(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, RECORDING_FILES.meta), JSON.stringify(recordingMetaSchema.parse(meta), null, 2) + '\n');
    const open = (name: string) => createWriteStream(join(dir, name)).on('error', (error) => (this.failure ??= error));
    this.files = { stdout: open(RECORDING_FILES.stdout), stderr: open(RECORDING_FILES.stderr), timing: open(RECORDING_FILES.timing), expected: open(RECORDING_FILES.expected) };
  }

  /** A chunk as it arrived, t ms after the command started. */
  chunk(stream: Stream, bytes: Buffer, t: number): void {
    this.files[stream].write(bytes);
    this.files.timing.write(JSON.stringify({ t, s: stream === 'stdout' ? 'o' : 'e', n: bytes.length }) + '\n');
  }

  /** An event the recording must replay to, as JSON. */
  event(json: string): void {
    this.files.expected.write(json + '\n');
  }

  /** Records when the command ended and closes every file. */
  async close(endedAt: number): Promise<void> {
    this.files.timing.write(JSON.stringify({ t: endedAt, end: true }) + '\n');
    const all = Object.values(this.files);
    for (const file of all) file.end();
    await Promise.all(all.map((file) => finished(file).catch(() => {})));
    if (this.failure !== undefined)
      throw new ProbectlError('OUTPUT', `could not write the recording in ${this.dir}: ${this.failure.message}`, 'Check the free space and permissions there.', { cause: this.failure });
  }
}
