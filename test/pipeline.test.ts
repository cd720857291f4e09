import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonBytes } from '../src/core/json-line-batch.js';
import { jsonMembers } from '../src/core/json-text.js';
import type { ToolParser } from '../src/core/layout.js';
import { Pipeline, type PipelineOptions } from '../src/core/pipeline.js';
import { tableTool, type TableLayout } from '../src/core/table-parser.js';
import { opensnoopParser } from '../src/probes/opensnoop/parser.js';
import { recordingMetaSchema } from '../src/recording/format.js';
import { toolParser, toolParsers } from '../src/probes/registry.js';
import { recordingDirs } from './recordings.js';

describe('the JSON fast path', () => {
  for (const dir of recordingDirs()) {
    it(`serialises ${dir.split('/').slice(-2).join('/')} exactly as JSON.stringify does`, () => {
      const meta = recordingMetaSchema.parse(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')));
      const objects: string[] = [];
      const texts: string[] = [];
      const pipeline = new Pipeline({
        parser: toolParser(meta.parser)!,
        host: meta.host,
        probe: meta.probe,
        onEvent: (e) => objects.push(JSON.stringify(e)),
        onJson: (t) => texts.push(t),
      });
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

  describe('with rows written straight from their bytes (jsonOut)', () => {
    interface Chunk {
      stream: 'stdout' | 'stderr';
      bytes: Buffer;
      ts: number;
    }

    /** The JSON lines of a run through the object path (onEvent, JSON.stringify) and through jsonOut. */
    function bothPaths(parser: ToolParser, chunks: Chunk[], options: Partial<PipelineOptions> = {}): [string, string] {
      const objects: string[] = [];
      const batches: Buffer[] = [];
      const out: JsonBytes = new JsonBytes(1 << 10, () => void batches.push(out.take()!));
      const run = (output: Partial<PipelineOptions>) => {
        const pipeline = new Pipeline({ parser, host: 'h', ...options, ...output });
        for (const { stream, bytes, ts } of chunks) pipeline.chunk(stream, bytes, ts);
        pipeline.end(9);
      };
      run({ onEvent: (e) => objects.push(JSON.stringify(e) + '\n') });
      run({ jsonOut: out });
      batches.push(out.take() ?? Buffer.alloc(0));
      return [Buffer.concat(batches).toString('utf8'), objects.join('')];
    }

    /** The bytes cut at the given points, each piece with its own arrival time. */
    function cut(stream: 'stdout' | 'stderr', bytes: Buffer, points: number[]): Chunk[] {
      const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
      return [0, ...at].map((from, i) => ({ stream, bytes: bytes.subarray(from, at[i] ?? bytes.length), ts: 100 + i }));
    }

    /** Lines no recording holds: UTF-8 text, bytes that are not UTF-8, a COMM with a quote, CRs. */
    const ODD_LINES = Buffer.concat([
      Buffer.from('1234   café ☕            3   0 /tmp/é€😀\n4321   a"b\\c              -1   2 /x\n12     x\r\r\n'),
      Buffer.from([0x39, 0x20, 0xff, 0xfe, 0x20, 0x31, 0x0a]),
    ]);

    const recordings = recordingDirs().map((dir) => ({
      name: dir.split('/').slice(-2).join('/'),
      meta: recordingMetaSchema.parse(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))),
      stdout: readFileSync(join(dir, 'stdout')),
      stderr: readFileSync(join(dir, 'stderr')),
    }));

    for (const { name, meta, stdout, stderr } of recordings) {
      it(`writes ${name} exactly as JSON.stringify does, however its bytes arrive`, () => {
        fc.assert(
          fc.property(fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom(undefined, 40, 300), (points, maxLineBytes) => {
            const chunks = [...cut('stdout', stdout, points), ...cut('stderr', stderr, points)];
            const [bytes, objects] = bothPaths(toolParser(meta.parser)!, chunks, {
              probe: meta.probe,
              host: meta.host,
              layout: meta.layout,
              impl: meta.tool.impl,
              maxLineBytes,
            });
            assert.equal(bytes, objects);
          }),
          { numRuns: 40 },
        );
      });
    }

    it('writes concatenations of recordings, cut anywhere, exactly as JSON.stringify does with every parser', () => {
      const names = recordings.map((r) => r.name);
      fc.assert(
        fc.property(
          fc.constantFrom(...Object.keys(toolParsers)),
          fc.array(fc.constantFrom(...names, 'odd lines'), { minLength: 1, maxLength: 4 }),
          fc.array(fc.nat(), { maxLength: 20 }),
          fc.boolean(),
          (tool, picked, points, crlf) => {
            let text = Buffer.concat(picked.map((n) => recordings.find((r) => r.name === n)?.stdout ?? ODD_LINES));
            if (crlf) text = Buffer.from(text.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
            const [bytes, objects] = bothPaths(toolParser(tool)!, cut('stdout', text, points));
            assert.equal(bytes, objects);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('sends the rows of a layout with a JSON writer through that writer', () => {
      const libbpf = (opensnoopParser.layouts as readonly TableLayout[]).find((l) => l.name === 'libbpf')!;
      let written = 0;
      const counted: TableLayout = { ...libbpf, json: { type: libbpf.json!.type, write: (...args) => (written++, libbpf.json!.write(...args)) } };
      const parser = tableTool({ tool: 'opensnoop', layouts: [counted], banners: [] });
      const text = 'PID    COMM              FD ERR PATH\n1576   snmpd              9   0 /proc/net/dev\n2001   my worker         -1   2 /etc/x\n';
      const [bytes, objects] = bothPaths(parser, [{ stream: 'stdout', bytes: Buffer.from(text), ts: 5 }]);
      assert.equal(bytes, objects);
      assert.equal(written, 2);
    });
  });
});
