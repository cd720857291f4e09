import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TableLayout } from '../src/core/table-parser.js';
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

describe('header lines', () => {
  for (const [tool, parser] of Object.entries(toolParsers)) {
    it(`${tool}: a layout that gives its header as one line (headerLine) reads that line, and only it, as its header`, () => {
      for (const layout of parser.layouts as readonly TableLayout[]) {
        if (layout.headerLine === undefined) continue;
        assert.ok(layout.header(layout.headerLine), `${layout.name}: header(headerLine)`);
        assert.ok(!layout.header(`${layout.headerLine} X`), `${layout.name}: a longer line`);
        assert.ok(!layout.header(layout.headerLine.slice(1)), `${layout.name}: a shorter line`);
      }
    });
  }

  it('a tool whose every layout gives a header line still finds each header, and reads any other line as no header', () => {
    const execsnoop = toolParsers.execsnoop;
    assert.ok((execsnoop.layouts as readonly TableLayout[]).every((l) => l.headerLine !== undefined));
    const events: string[] = [];
    const parser = execsnoop.create({ event: (_ts, type, _body, layout) => void events.push(`${type} ${layout.name}`) });
    parser.line('TIME     PCOMM            PID    PPID   RET ARGS', 'stdout', 1);
    parser.line('18:12:20 pctl-exec        10149  10787    0 /bin/true ', 'stdout', 1);
    parser.line('PCOMM             PID    PPID   RET ARGS', 'stdout', 1);
    assert.deepEqual(events, ['process.exec libbpf-T', 'tool.diagnostic libbpf-T']);
  });
});
