// The on-disk recording: raw stdout and stderr bytes, when each chunk arrived, and who printed them.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import type { Stream } from '../core/layout.js';
import { implementations } from '../events/envelope.js';
import { makeDirectory } from '../core/make-directory.js';

export const RECORDING_FILES = { meta: 'meta.json', stdout: 'stdout', stderr: 'stderr', timing: 'timing.jsonl', expected: 'expected.jsonl' } as const;

export const recordingMetaSchema = z.strictObject({
  /** The probe name stamped on replayed events. */
  probe: z.string().check(z.minLength(1)),
  /** The parser that reads it (a name from the tool registry). */
  parser: z.string().check(z.minLength(1)),
  /** Forces a layout, for output that carries no header. */
  layout: z.optional(z.string()),
  argv: z.array(z.string()),
  tool: z.strictObject({ impl: z.enum(implementations), name: z.string(), version: z.string() }),
  kernel: z.string(),
  host: z.string(),
  /** Unix epoch milliseconds when the command started. */
  started_at: z.number().check(z.int(), z.nonnegative()),
  /** What was done to make the tool print (the workload). */
  workload: z.optional(z.string()),
  /** True for a fixture written from the tools' source because this machine cannot produce it. */
  synthetic: z.optional(z.boolean()),
  note: z.optional(z.string()),
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
  z.strictObject({ t: z.number().check(z.nonnegative()), s: z.enum(['o', 'e']), n: z.number().check(z.int(), z.positive()) }),
  z.strictObject({ t: z.number().check(z.nonnegative()), end: z.literal(true) }),
]);

export class RecordingError extends ProbectlError {
  constructor(dir: string, problem: string) {
    super(
      'BAD_RECORDING',
      `${dir} is not a valid recording: ${problem}`,
      'Point at a directory made by probectl run --record (it holds meta.json, stdout, stderr and timing.jsonl).',
    );
  }
}

export async function readRecording(dir: string): Promise<Recording> {
  const [meta, stdout, stderr, timingText] = await Promise.all([
    readMeta(dir),
    readPart(dir, RECORDING_FILES.stdout),
    readPart(dir, RECORDING_FILES.stderr),
    readPart(dir, RECORDING_FILES.timing),
  ]);
  const chunks: TimedChunk[] = [];
  let endedAt = 0;
  for (const [index, text] of timingText.toString('utf8').split('\n').entries()) {
    const record = timingRecord(dir, text, index + 1);
    if (record === undefined) continue;
    if ('stream' in record) chunks.push(record);
    endedAt = Math.max(endedAt, record.t);
  }
  const total = (stream: Stream) => chunks.filter((c) => c.stream === stream).reduce((sum, c) => sum + c.bytes, 0);
  checkTotals(dir, { stdout: total('stdout'), stderr: total('stderr') }, { stdout: stdout.length, stderr: stderr.length });
  return { dir, meta, stdout, stderr, chunks, endedAt };
}

const readPart = (dir: string, name: string): Promise<Buffer> =>
  readFile(join(dir, name)).catch((e: NodeJS.ErrnoException) => {
    throw new RecordingError(dir, e.code === 'ENOENT' ? `${name} is missing` : e.message);
  });

/** meta.json, checked. */
export async function readMeta(dir: string): Promise<RecordingMeta> {
  let metaJson: unknown;
  try {
    metaJson = JSON.parse((await readPart(dir, RECORDING_FILES.meta)).toString('utf8'));
  } catch (e) {
    if (e instanceof RecordingError) throw e;
    throw new RecordingError(dir, `meta.json: ${(e as Error).message}`);
  }
  const meta = recordingMetaSchema.safeParse(metaJson);
  if (!meta.success) throw new RecordingError(dir, `meta.json: ${meta.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return meta.data;
}

/** One line of timing.jsonl: a chunk, the end ({t} alone), or undefined for a blank line. */
export function timingRecord(dir: string, text: string, lineNumber: number): TimedChunk | { t: number } | undefined {
  if (text.trim() === '') return undefined;
  let parsed;
  try {
    parsed = timingLine.parse(JSON.parse(text));
  } catch {
    throw new RecordingError(dir, `timing.jsonl line ${lineNumber} is not a chunk record: ${text.slice(0, 80)}`);
  }
  return 'end' in parsed ? { t: parsed.t } : { t: parsed.t, stream: parsed.s === 'o' ? 'stdout' : 'stderr', bytes: parsed.n };
}

/** The bytes timing.jsonl accounts for must be the bytes the files hold. */
export function checkTotals(dir: string, counted: Record<Stream, number>, held: Record<Stream, number>): void {
  if (counted.stdout !== held.stdout || counted.stderr !== held.stderr)
    throw new RecordingError(
      dir,
      `timing.jsonl accounts for ${counted.stdout}/${counted.stderr} bytes of stdout/stderr, the files hold ${held.stdout}/${held.stderr}`,
    );
}

/** Writes a whole recording (stdout/stderr as single files, timing as one record a chunk). */
export async function writeRecording(
  dir: string,
  meta: RecordingMeta,
  data: { stdout: Buffer; stderr: Buffer; chunks: TimedChunk[]; endedAt: number },
): Promise<void> {
  makeDirectory(dir);
  const timing = data.chunks
    .map((c) => JSON.stringify({ t: c.t, s: c.stream === 'stdout' ? 'o' : 'e', n: c.bytes }))
    .concat(JSON.stringify({ t: data.endedAt, end: true }));
  await Promise.all([
    writeFile(join(dir, RECORDING_FILES.meta), JSON.stringify(recordingMetaSchema.parse(meta), null, 2) + '\n'),
    writeFile(join(dir, RECORDING_FILES.stdout), data.stdout),
    writeFile(join(dir, RECORDING_FILES.stderr), data.stderr),
    writeFile(join(dir, RECORDING_FILES.timing), timing.join('\n') + '\n'),
  ]);
}
