import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toolParsers } from '../src/probes/registry.js';
import { recordingMetaSchema } from '../src/recording/format.js';
import { recordingDirs } from './recordings.js';

/** parser → layouts seen in real (not synthetic) recordings. */
function capturedLayouts(): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const dir of recordingDirs()) {
    const meta = recordingMetaSchema.parse(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')));
    if (meta.synthetic) continue;
    const layouts = seen.get(meta.parser) ?? new Set<string>();
    for (const line of readFileSync(join(dir, 'expected.jsonl'), 'utf8').split('\n')) {
      if (line.length === 0) continue;
      const event = JSON.parse(line) as { type: string; source: { layout: string } };
      if (event.type !== 'tool.diagnostic' && event.type !== 'tool.lost') layouts.add(event.source.layout);
    }
    seen.set(meta.parser, layouts);
  }
  return seen;
}

describe('layout provenance', () => {
  const captured = capturedLayouts();
  for (const [tool, parser] of Object.entries(toolParsers)) {
    it(`${tool}: a layout is marked "from source" exactly when no real recording shows it`, () => {
      for (const layout of parser.layouts) {
        const real = captured.get(tool)?.has(layout.name) ?? false;
        assert.equal(
          !layout.fromSource,
          real,
          `${tool} layout ${layout.name}: ${real ? 'a real recording shows it, so it is not "from source"' : 'no real recording shows it: mark it fromSource'}`,
        );
      }
    });
  }
});
