// Writes a recording as it happens: meta first, then each chunk's bytes and timing, the emitted events, and the end.
import { createWriteStream, existsSync, readdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { ProbectlError } from '../core/errors.js';
import { makeDirectory } from '../core/make-directory.js';
import type { Stream } from '../core/layout.js';
import { cutToWholeLines, isOutOfSpace, writeFailureReason } from '../core/write-failure.js';
import { RECORDING_FILES, recordingMetaSchema, type RecordingMeta } from './format.js';

/** Refuses a directory that already holds files, so that a recording never overwrites another. */
export function checkRecordingDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new ProbectlError(
      'OUTPUT',
      `${dir} is not empty: a recording would overwrite what is there.`,
      'Give --record a new directory, or remove the old recording first.',
    );
}

export class RecordingWriter {
  private readonly files: Record<'stdout' | 'stderr' | 'timing' | 'expected', WriteStream>;
  private failure: Error | undefined;

  /**
   * Creates the directory and writes meta.json at once (the command has just started).
   * onFailure: called once, as soon as a write fails (a full disk); nothing more is written then.
   */
  constructor(
    readonly dir: string,
    meta: RecordingMeta,
    private readonly onFailure: (error: ProbectlError) => void = () => {},
  ) {
    checkRecordingDir(dir);
    try {
      makeDirectory(dir);
      writeFileSync(join(dir, RECORDING_FILES.meta), JSON.stringify(recordingMetaSchema.parse(meta), null, 2) + '\n');
    } catch (error) {
      throw error instanceof Error && 'code' in error ? this.error(error) : error;
    }
    const open = (name: string) => createWriteStream(join(dir, name)).on('error', (error) => this.fail(error));
    this.files = {
      stdout: open(RECORDING_FILES.stdout),
      stderr: open(RECORDING_FILES.stderr),
      timing: open(RECORDING_FILES.timing),
      expected: open(RECORDING_FILES.expected),
    };
  }

  /** A chunk as it arrived, t ms after the command started. */
  chunk(stream: Stream, bytes: Buffer, t: number): void {
    if (this.failure !== undefined) return;
    this.files[stream].write(bytes);
    this.files.timing.write(JSON.stringify({ t, s: stream === 'stdout' ? 'o' : 'e', n: bytes.length }) + '\n');
  }

  /** An event the recording must replay to, as JSON. */
  event(json: string): void {
    if (this.failure === undefined) this.files.expected.write(json + '\n');
  }

  /** Records when the command ended and closes every file; throws the failure, if a write failed. */
  async close(endedAt: number): Promise<void> {
    if (this.failure === undefined) this.files.timing.write(JSON.stringify({ t: endedAt, end: true }) + '\n');
    const all = Object.values(this.files);
    for (const file of all) file.end();
    await Promise.all(all.map((file) => finished(file).catch(() => {})));
    if (this.failure === undefined) return;
    // The line files keep whole lines: a reader of expected.jsonl or timing.jsonl never meets half of one.
    for (const name of [RECORDING_FILES.timing, RECORDING_FILES.expected]) cutToWholeLines(join(this.dir, name));
    throw this.error(this.failure);
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.onFailure(this.error(error));
  }

  private error(cause: Error): ProbectlError {
    const message = `could not write the recording in ${this.dir}: ${writeFailureReason(cause)}. The probes were stopped; the recording ends where the write failed.`;
    const suggestion = isOutOfSpace(cause)
      ? 'Free some space there, or give --record a directory on another filesystem.'
      : 'Check the permissions and the filesystem there.';
    return new ProbectlError('OUTPUT', message, suggestion, { cause });
  }
}
