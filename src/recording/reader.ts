// A recording read from disk as it is replayed: a chunk's bytes are read when its turn comes, so that replaying
// a recording of any size holds about one read-ahead block per stream, not the recording.
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { raceListener } from '../core/race-listener.js';
import type { Stream } from '../core/layout.js';
import { checkTotals, readMeta, RECORDING_FILES, RecordingError, timingRecord, type Recording, type RecordingMeta, type TimedChunk } from './format.js';

/** A recording's output in the order it arrived. */
export interface ChunkSource {
  meta: RecordingMeta;
  /** ms after started_at when the command ended. */
  endedAt: number;
  /** ms after started_at of the first chunk on stdout; undefined when it printed nothing there. */
  firstStdoutAt: number | undefined;
  /** Each chunk with its bytes; each call reads the recording again from its start. */
  chunks(): AsyncIterable<TimedChunk & { data: Buffer }>;
}

const READ_AHEAD = 1 << 20;

/** A recording already in memory (readRecording) as a ChunkSource. */
export function inMemory(recording: Recording): ChunkSource {
  return {
    meta: recording.meta,
    endedAt: recording.endedAt,
    firstStdoutAt: recording.chunks.find((c) => c.stream === 'stdout')?.t,
    async *chunks() {
      const offsets = { stdout: 0, stderr: 0 };
      for (const chunk of recording.chunks) {
        const from = offsets[chunk.stream];
        offsets[chunk.stream] = from + chunk.bytes;
        yield { ...chunk, data: (chunk.stream === 'stdout' ? recording.stdout : recording.stderr).subarray(from, from + chunk.bytes) };
      }
    },
  };
}

/** The lines of timing.jsonl, parsed and checked, one at a time. */
async function* timing(dir: string): AsyncGenerator<TimedChunk | { t: number }> {
  const input = createReadStream(join(dir, RECORDING_FILES.timing));
  // readline's iterator does not end when its input fails: each read waits for the next line or the input's error.
  let failure: NodeJS.ErrnoException | undefined;
  input.once('error', (e: NodeJS.ErrnoException) => (failure = e));
  const onError = (settle: (e: NodeJS.ErrnoException) => void) => {
    if (failure !== undefined) {
      settle(failure);
      return () => {};
    }
    input.once('error', settle);
    return () => input.off('error', settle);
  };
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  try {
    for (let n = 1; ; n++) {
      const next = await raceListener(lines.next(), onError);
      if (next instanceof Error) throw new RecordingError(dir, next.code === 'ENOENT' ? `${RECORDING_FILES.timing} is missing` : next.message);
      if (next.done === true) return;
      const record = timingRecord(dir, next.value, n);
      if (record !== undefined) yield record;
    }
  } finally {
    input.destroy();
  }
}

/** Reads a stream's file front to back in blocks, handing out exactly the bytes each chunk asks for. */
class SequentialReader {
  private buffer = Buffer.alloc(0);
  private position = 0;

  private constructor(private readonly file: FileHandle) {}

  static async open(dir: string, name: string): Promise<SequentialReader> {
    return new SequentialReader(await open(join(dir, name), 'r'));
  }

  async take(bytes: number): Promise<Buffer> {
    while (this.buffer.length < bytes) {
      const block = Buffer.allocUnsafe(Math.max(READ_AHEAD, bytes - this.buffer.length));
      const { bytesRead } = await this.file.read(block, 0, block.length, this.position);
      if (bytesRead === 0) break; // checked against the totals before replay: only a file changed since
      this.position += bytesRead;
      this.buffer = this.buffer.length === 0 ? block.subarray(0, bytesRead) : Buffer.concat([this.buffer, block.subarray(0, bytesRead)]);
    }
    const taken = this.buffer.subarray(0, bytes);
    this.buffer = this.buffer.subarray(bytes);
    return taken;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Opens a recording directory: meta.json and timing.jsonl are read and checked now, the output as it is replayed. */
export async function openRecording(dir: string): Promise<ChunkSource> {
  const meta = await readMeta(dir);
  const sizes = await Promise.all(
    [RECORDING_FILES.stdout, RECORDING_FILES.stderr].map((name) =>
      stat(join(dir, name)).then(
        (s) => s.size,
        (e: NodeJS.ErrnoException) => {
          throw new RecordingError(dir, e.code === 'ENOENT' ? `${name} is missing` : e.message);
        },
      ),
    ),
  );
  const counted: Record<Stream, number> = { stdout: 0, stderr: 0 };
  let endedAt = 0;
  let firstStdoutAt: number | undefined;
  for await (const record of timing(dir)) {
    if ('stream' in record) {
      counted[record.stream] += record.bytes;
      if (record.stream === 'stdout') firstStdoutAt ??= record.t;
    }
    endedAt = Math.max(endedAt, record.t);
  }
  checkTotals(dir, counted, { stdout: sizes[0]!, stderr: sizes[1]! });
  return {
    meta,
    endedAt,
    firstStdoutAt,
    async *chunks() {
      const readers = { stdout: await SequentialReader.open(dir, RECORDING_FILES.stdout), stderr: await SequentialReader.open(dir, RECORDING_FILES.stderr) };
      try {
        for await (const record of timing(dir)) if ('stream' in record) yield { ...record, data: await readers[record.stream].take(record.bytes) };
      } finally {
        await Promise.all([readers.stdout.close(), readers.stderr.close()]);
      }
    },
  };
}
