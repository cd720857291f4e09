import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonMembers } from '../src/core/json.js';
import { Pipeline } from '../src/core/pipeline.js';
import { recordingMetaSchema } from '../src/recording/format.js';
import { toolParser } from '../src/probes/registry.js';
import { recordingDirs } from './recordings.js';

describe('the JSON fast path', () => {
  for (const dir of recordingDirs()) {
    it(`serialises ${dir.split('/').slice(-2).join('/')} exactly as JSON.stringify does`, () => {
      const meta = recordingMetaSchema.parse(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')));
      const objects: string[] = [];
      const texts: string[] = [];
      const pipeline = new Pipeline({ parser: toolParser(meta.parser)!, host: meta.host, probe: meta.probe, onEvent: (e) => objects.push(JSON.stringify(e)), onJson: (t) => texts.push(t) });
      pipeline.chunk('stdout', readFileSync(join(dir, 'stdout')), 1);
      pipeline.chunk('stderr', readFileSync(join(dir, 'stderr')), 2);
      pipeline.end(3);
      assert.deepEqual(texts, objects);
    });
  }

  it('jsonMembers matches JSON.stringify for any flat or nested body', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.array(fc.string({ unit: 'binary' })), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', minLength: 1 }), value), (body) => {
        assert.equal('{' + jsonMembers(body).slice(1) + '}', JSON.stringify(body));
      }),
      { numRuns: 2000 },
    );
  });
});
