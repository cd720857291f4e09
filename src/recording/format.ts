// The on-disk recording: raw stdout and stderr bytes, when each chunk arrived, and who printed them.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ProbectlError } from '../core/errors.js';
import type { Stream } from '../core/layout.js';
import { implementations } from '../events/envelope.js';

export const RECORDING_FILES = { meta: 'meta.json', stdout: 'stdout', stderr: 'stderr', timing: 'timing.jsonl', expected: 'expected.jsonl' } as const;

export const recordingMetaSchema = z.strictObject({
  /** The probe name stamped on replayed events. */
  probe: z.string().min(1),
  /** The parser that reads it (a name from the tool registry). */
  parser: z.string().min(1),
  /** Forces a layout, for output that carries no header. */
  layout: z.string().optional(),
  argv: z.array(z.string()),
  tool: z.strictObject({ impl: z.enum(implementations), name: z.string(), version: z.string() }),
  kernel: z.string(),
  host: z.string(),
  /** Unix epoch milliseconds when the command started. */
  started_at: z.number().int().nonnegative(),
  /** What was done to make the tool print (the workload). */
  workload: z.string().optional(),
  /** True for a fixture written from the tools' source because this machine cannot produce it. */
  synthetic: z.boolean().optional(),
  note: z.string().optional(),
});
export type RecordingMeta = z.infer<typeof recordingMetaSchema>;

/** One chunk as it arrived: ms after started_at, which stream, how many bytes. */
export interface TimedChunk {
  t: number;
  stream: Stream;
  bytes: number;
}

export interface Recording {
  dir: string;
  meta: RecordingMeta;
  stdout: Buffer;
  stderr: Buffer;
  chunks: TimedChunk[];
  /** ms after started_at when the command ended. */
  endedAt: number;
}

const timingLine = z.union([
  z.strictObject({ t: z.number().nonnegative(), s: z.enum(['o', 'e']), n: z.number().int().positive() }),
  z.strictObject({ t: z.number().nonnegative(), end: z.literal(true) }),
]);

export class RecordingError extends ProbectlError {
  constructor(dir: string, problem: string) {
    super('BAD_RECORDING', `${dir} is not a valid recording: ${problem}`, 'Point at a directory made by probectl run --record (it holds meta.json, stdout, stderr and timing.jsonl).');
  }
}

export async function readRecording(dir: string): Promise<Recording> {
  const read = (name: string) =>
    readFile(join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      throw new RecordingError(dir, e.code === 'ENOENT' ? `${name} is missing` : e.message);
    });
  const [metaText, stdout, stderr, timingText] = await Promise.all([read(RECORDING_FILES.meta), read(RECORDING_FILES.stdout), read(RECORDING_FILES.stderr), read(RECORDING_FILES.timing)]);
  let metaJson: unknown;
  try {
    metaJson = JSON.parse(metaText.toString('utf8'));
  } catch (e) {
    throw new RecordingError(dir, `meta.json: ${(e as Error).message}`);
  }
  const meta = recordingMetaSchema.safeParse(metaJson);
  if (!meta.success) throw new RecordingError(dir, `meta.json: ${meta.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const chunks: TimedChunk[] = [];
  let endedAt = 0;
  const lines = timingText.toString('utf8').split('\n');
  for (const [index, text] of lines.entries()) {
    if (text.trim() === '') continue;
    let parsed;
    try {
      parsed = timingLine.parse(JSON.parse(text));
    } catch {
      throw new RecordingError(dir, `timing.jsonl line ${index + 1} is not a chunk record: ${text.slice(0, 80)}`);
    }
    if ('end' in parsed) endedAt = Math.max(endedAt, parsed.t);
    else {
      chunks.push({ t: parsed.t, stream: parsed.s === 'o' ? 'stdout' : 'stderr', bytes: parsed.n });
      endedAt = Math.max(endedAt, parsed.t);
    }
  }
  const total = (stream: Stream) => chunks.filter((c) => c.stream === stream).reduce((sum, c) => sum + c.bytes, 0);
  if (total('stdout') !== stdout.length || total('stderr') !== stderr.length)
    throw new RecordingError(dir, `timing.jsonl accounts for ${total('stdout')}/${total('stderr')} bytes of stdout/stderr, the files hold ${stdout.length}/${stderr.length}`);
  return { dir, meta: meta.data, stdout, stderr, chunks, endedAt };
}

/** Writes a whole recording (stdout/stderr as single files, timing as one record a chunk). */
export async function writeRecording(dir: string, meta: RecordingMeta, data: { stdout: Buffer; stderr: Buffer; chunks: TimedChunk[]; endedAt: number }): Promise<void> {
  await mkdir(dir, { recursive: true });
  const timing = data.chunks.map((c) => JSON.stringify({ t: c.t, s: c.stream === 'stdout' ? 'o' : 'e', n: c.bytes })).concat(JSON.stringify({ t: data.endedAt, end: true }));
  await Promise.all([
    writeFile(join(dir, RECORDING_FILES.meta), JSON.stringify(recordingMetaSchema.parse(meta), null, 2) + '\n'),
    writeFile(join(dir, RECORDING_FILES.stdout), data.stdout),
    writeFile(join(dir, RECORDING_FILES.stderr), data.stderr),
    writeFile(join(dir, RECORDING_FILES.timing), timing.join('\n') + '\n'),
  ]);
}
