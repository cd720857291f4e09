import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Pipeline } from '../src/core/pipeline.js';
import type { ProbeEvent } from '../src/events/index.js';
import { eventSchema } from '../src/probes/registry.js';
import { toolParser, toolParsers } from '../src/probes/registry.js';
import { editLine } from './line-edits.js';
import { recordingDirs } from './recordings.js';

/** Real lines per parser, mined from the recordings: the seeds the mutations start from. */
function seedLines(): Map<string, string[]> {
  const seeds = new Map<string, string[]>();
  for (const dir of recordingDirs()) {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { parser: string };
    const lines = readFileSync(join(dir, 'stdout'), 'utf8').split('\n').slice(0, 200);
    seeds.set(meta.parser, [...(seeds.get(meta.parser) ?? []), ...lines]);
  }
  return seeds;
}

function runLines(tool: string, lines: string[], stream: 'stdout' | 'stderr' = 'stdout'): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  const pipeline = new Pipeline({ parser: toolParser(tool)!, host: 'prop', validate: false, onEvent: (e) => events.push(e) });
  pipeline.chunk(stream, Buffer.from(lines.join('\n') + '\n'), 1);
  pipeline.end(2);
  return events;
}

function assertValid(events: ProbeEvent[]): void {
  for (const event of events) {
    const result = eventSchema.safeParse(event);
    assert.ok(result.success, `event fails its schema: ${JSON.stringify(event)}\n${result.success ? '' : result.error.message}`);
  }
}

/** A line and small edits of it: characters replaced, inserted or removed, spaces doubled, cut short. */
const mutated = (lines: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...lines),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'space', 'cut'), fc.string({ minLength: 1, maxLength: 3 })), { maxLength: 4 }),
    )
    .map(([line, edits]) => editLine(line, edits));

describe('parsers under random and mutated input', () => {
  const seeds = seedLines();
  for (const tool of Object.keys(toolParsers)) {
    it(`${tool}: random lines never throw and every event fits its schema`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '   ', '\t', '@x:', '[1, 2)  3 |@|')), { maxLength: 30 }),
          (lines) => {
            assertValid(runLines(tool, lines));
            assertValid(runLines(tool, lines, 'stderr'));
          },
        ),
        { numRuns: 300 },
      );
    });
    const real = (seeds.get(tool) ?? []).filter((l) => l.length > 0);
    it(`${tool}: mutated real lines never throw and every event fits its schema`, () => {
      assert.ok(real.length > 0, `recordings/ holds no capture read by the ${tool} parser to mutate`);
      fc.assert(
        fc.property(fc.array(mutated(real), { minLength: 1, maxLength: 20 }), (lines) => assertValid(runLines(tool, [...real.slice(0, 3), ...lines]))),
        { numRuns: 500 },
      );
    });
  }
});
