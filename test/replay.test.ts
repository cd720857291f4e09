import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { replay } from '../src/api/replay.js';
import type { ProbeEvent } from '../src/events/index.js';
import { recordingMetaSchema } from '../src/recording/format.js';
import { toolParsers } from '../src/probes/registry.js';
import { recordingDirs, repoRoot } from './recordings.js';

const collect = async (it: AsyncIterable<ProbeEvent>): Promise<ProbeEvent[]> => {
  const out: ProbeEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
};

describe('recordings', () => {
  const dirs = recordingDirs();

  it('exist for every parser', () => {
    const parsers = new Set(dirs.map((d) => recordingMetaSchema.parse(JSON.parse(readFileSync(join(d, 'meta.json'), 'utf8'))).parser));
    for (const tool of Object.keys(toolParsers)) assert.ok(parsers.has(tool), `no recording is read by the ${tool} parser`);
  });

  for (const dir of dirs) {
    it(`${relative(repoRoot, dir)} replays to exactly its expected events`, async () => {
      const expected = readFileSync(join(dir, 'expected.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as unknown);
      const events = await collect(replay(dir, { validate: true }));
      assert.deepEqual(events, expected);
      assert.ok(!events.some((e) => e.type === 'tool.diagnostic' && e.message.startsWith('event failed its schema')), 'an event failed its schema');
    });
  }
});
