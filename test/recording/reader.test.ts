// The recording read as it is replayed: the same bytes, chunk for chunk, as reading it whole, in about a read-ahead
// block of memory whatever its size.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRecording, RECORDING_FILES, recordingMetaSchema, writeRecording, type TimedChunk } from '../../src/recording/format.js';
import { inMemory, openRecording, type ChunkSource } from '../../src/recording/reader.js';
import { recordingDirs, repoRoot } from '../recordings.js';

const chunksOf = async (source: ChunkSource): Promise<Array<TimedChunk & { data: Buffer }>> => {
  const out = [];
  for await (const c of source.chunks()) out.push({ ...c, data: Buffer.from(c.data) });
  return out;
};

const META = recordingMetaSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'recordings/opensnoop/libbpf-default/meta.json'), 'utf8')));
const HEADER = 'PID    COMM              FD ERR PATH\n';
const row = (i: number) =>
  `${String(10_000 + (i % 50_000)).padEnd(6)} ${'pctl-open'.padEnd(16)} ${String(3 + (i % 90)).padStart(3)}   0 /var/lib/pctl/file-${i}\n`;

/** A recording of `lines` opensnoop rows: one header chunk, then chunks of chunkBytes (cut mid-line), one of them `big` bytes. */
function generated(lines: number, chunkBytes: number, big: number): { stdout: Buffer; stderr: Buffer; chunks: TimedChunk[]; endedAt: number } {
  const stdout = Buffer.from(HEADER + Array.from({ length: lines }, (_, i) => row(i)).join(''));
  const stderr = Buffer.from('Possibly lost 3 samples\n');
  const chunks: TimedChunk[] = [{ t: 1, stream: 'stdout', bytes: HEADER.length }];
  let offset = HEADER.length;
  for (let n = 0; offset < stdout.length; n++) {
    const bytes = Math.min(n === 3 ? big : chunkBytes, stdout.length - offset);
    chunks.push({ t: 2 + n, stream: 'stdout', bytes });
    if (n === 1) chunks.push({ t: 2 + n, stream: 'stderr', bytes: stderr.length });
    offset += bytes;
  }
  return { stdout, stderr, chunks, endedAt: chunks.at(-1)!.t + 1 };
}

describe('a recording read as it is replayed', () => {
  let work: string;
  before(() => (work = mkdtempSync(join(tmpdir(), 'probectl-reader-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('gives every bundled recording chunk for chunk as reading it whole does', async () => {
    for (const dir of recordingDirs()) {
      const whole = inMemory(await readRecording(dir));
      const streamed = await openRecording(dir);
      assert.deepEqual(await chunksOf(streamed), await chunksOf(whole), relative(repoRoot, dir));
      assert.deepEqual([streamed.endedAt, streamed.firstStdoutAt], [whole.endedAt, whole.firstStdoutAt], relative(repoRoot, dir));
    }
  });

  it('hands out a chunk larger than its read-ahead block whole, and the chunks around it', async () => {
    const dir = join(work, 'big-chunk');
    const data = generated(60_000, 70_001, 3 << 20);
    await writeRecording(dir, META, data);
    const chunks = await chunksOf(await openRecording(dir));
    assert.ok(chunks.some((c) => c.bytes === 3 << 20));
    assert.deepEqual(Buffer.concat(chunks.filter((c) => c.stream === 'stdout').map((c) => c.data)), data.stdout);
    assert.deepEqual(Buffer.concat(chunks.filter((c) => c.stream === 'stderr').map((c) => c.data)), data.stderr);
    assert.deepEqual(
      chunks.map((c) => c.data.length),
      data.chunks.map((c) => c.bytes),
    );
  });

  it('refuses a recording whose timing does not account for its bytes, or that lacks a part, before replaying anything', async () => {
    const dir = join(work, 'short');
    await writeRecording(dir, META, generated(100, 1000, 1000));
    writeFileSync(join(dir, RECORDING_FILES.stdout), readFileSync(join(dir, RECORDING_FILES.stdout)).subarray(1));
    await assert.rejects(openRecording(dir), /timing\.jsonl accounts for \d+\/24 bytes of stdout\/stderr, the files hold \d+\/24/);
    rmSync(join(dir, RECORDING_FILES.timing));
    await assert.rejects(openRecording(dir), /timing\.jsonl is missing/);
    rmSync(join(dir, RECORDING_FILES.stderr));
    await assert.rejects(openRecording(dir), /stderr is missing/);
  });

  it('replays a 40 MB recording holding a few MB of buffers at a time, where reading it whole holds all of it', async (t) => {
    const dir = join(work, 'large');
    const data = generated(750_000, 65_536, 65_536);
    const size = data.stdout.length;
    await writeRecording(dir, META, data);
    // In a child with --expose-gc, so that what is measured after each collection is what replay still holds.
    const script = `
      const { replay } = await import(${JSON.stringify(join(repoRoot, 'dist/src/api/replay.js'))});
      let events = 0, peak = 0;
      for await (const e of replay(${JSON.stringify(dir)}, { validate: false })) {
        if (++events % 50000 === 0) { gc(); peak = Math.max(peak, process.memoryUsage().arrayBuffers); }
      }
      console.log(JSON.stringify({ events, peak }));`;
    const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(child.status, 0, child.stderr);
    const { events, peak } = JSON.parse(child.stdout) as { events: number; peak: number };
    assert.equal(events, 750_000 + 1, 'every row and the lost-samples line');
    assert.ok(size > 40 << 20, `the recording is ${size} bytes`);
    t.diagnostic(
      `replayed ${events} events from ${(size / 1048576).toFixed(1)} MB holding at most ${(peak / 1048576).toFixed(1)} MB of buffers after each collection`,
    );
    assert.ok(peak < 16 << 20, `replay held ${peak} bytes of buffers for a ${size}-byte recording`);
  });
});
