import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { repoRoot } from '../recordings.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const probectl = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });
/** Two probes of one lab run, recorded side by side: their events interleave in time. */
const PROBES = ['tcpretrans', 'tcplife'];

const collect = async (events: AsyncIterable<ProbeEvent>): Promise<ProbeEvent[]> => {
  const out: ProbeEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};

const expectedOf = (probe: string): Record<string, unknown>[] =>
  readFileSync(join(repoRoot, 'recordings', 'flows', probe, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const withoutSeq = ({ seq: _seq, ...rest }: Record<string, unknown>): Record<string, unknown> => rest;

describe('replay of a directory of recordings, one per probe (run --record DIR)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pctl-multi-'));
    for (const probe of PROBES) cpSync(join(repoRoot, 'recordings', 'flows', probe), join(dir, probe), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('yields every event of both recordings as one stream in recorded time order, seq 1..N', async () => {
    const events = await collect(replay(dir));
    const expected = PROBES.map(expectedOf);
    assert.equal(events.length, expected[0]!.length + expected[1]!.length);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    );
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.ts >= events[i - 1]!.ts, `event ${i + 1} is earlier than event ${i}`);
    // Each probe's events are its own recording's, in its order.
    for (const [p, probe] of PROBES.entries())
      assert.deepEqual(
        events.filter((e) => e.probe === probe).map((e) => withoutSeq(e as unknown as Record<string, unknown>)),
        expected[p]!.map(withoutSeq),
      );
    // Merged, not one after the other: the probes take turns more than once.
    const turns = events.filter((e, i) => i > 0 && e.probe !== events[i - 1]!.probe).length;
    assert.ok(turns >= 3, `only ${turns} changes of probe`);
  });

  it('prints the same stream from the command line, with a PROBE column in the table', () => {
    const jsonl = probectl(['replay', dir]);
    assert.equal(jsonl.status, 0, jsonl.stderr);
    const lines = jsonl.stdout.trim().split('\n');
    assert.equal(lines.length, expectedOf('tcpretrans').length + expectedOf('tcplife').length);
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as ProbeEvent).seq),
      lines.map((_, i) => i + 1),
    );
    const table = probectl(['replay', dir, '--format', 'table']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^TS {11}PROBE {6}TIME/m);
  });

  it('paces the merged stream with --speed from the earliest start', async () => {
    const speed = 50;
    const started = performance.now();
    const events = await collect(replay(dir, { speed }));
    const elapsed = performance.now() - started;
    const span = events.at(-1)!.ts - Math.min(...events.map((e) => e.ts));
    assert.ok(elapsed >= (span / speed) * 0.95, `${elapsed.toFixed(0)} ms for ${span} ms of recording at ${speed}x`);
  });

  it('says what it expected when the directory holds neither meta.json nor recordings', () => {
    const empty = join(dir, 'nothing-here');
    mkdirSync(join(empty, 'not-a-recording'), { recursive: true });
    const result = probectl(['replay', empty]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /holds no recording: neither meta\.json nor subdirectories with one \(.*<probe>\/meta\.json\)/);
    assert.match(result.stderr, /probectl run --record DIR/);
    assert.equal(result.stdout, '');
  });
});
