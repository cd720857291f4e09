import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonMembers } from '../src/core/json-text.js';
import type { TableLayout } from '../src/core/table-parser.js';
import { opensnoopLayoutName, opensnoopShapes, type OpensnoopShape } from '../src/probes/opensnoop/layouts.js';
import { toolParsers } from '../src/probes/registry.js';
import { recordingDirs } from './recordings.js';
import { mutatedLines, writtenMembers } from './row-json-paths.js';

/** Every layout that writes its rows as JSON straight from their bytes, with its tool. */
const jsonLayouts = Object.values(toolParsers).flatMap((parser) =>
  (parser.layouts as readonly TableLayout[]).filter((layout) => layout.json !== undefined).map((layout) => ({ tool: parser.tool, layout })),
);

/** What the text path makes of the line: the members jsonMembers writes for its row, or undefined. */
function textPath(layout: TableLayout, text: string): string | undefined {
  const row = layout.row(text);
  if (row === undefined) return undefined;
  assert.equal(row.type, layout.json!.type);
  return jsonMembers(row.body);
}

/** Bytes around a line in its chunk: a writer that reads past either end would see them. */
const SURROUNDINGS = [
  ['7 12 ', ' 3  0 x'],
  ['', ''],
  ['\n', '\n'],
  ['0', '0'],
  [' ', '"'],
] as const;

const bytePath = (layout: TableLayout, line: string, before: string, after: string) => writtenMembers(layout.json!, line, before, after);

/** The shape behind each opensnoop layout name, to print rows in the layout's own format. */
const shapes = new Map<string, OpensnoopShape>(opensnoopShapes.map((s) => [opensnoopLayoutName(s), s]));

const plainText = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC_-./:0123456789'.split('')), maxLength: 40 });
/** Characters that need care: quotes, backslashes, controls, spaces, multi-byte and non-BMP characters, lone surrogates. */
const awkwardText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '\t', '\r', '\u0000', '\u001f', '\u007f', ' ', 'é', '€', '\u2028', '😀', '\ud800'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 24,
});

/** A row as the opensnoop tools print it ("%-6d %-16s %3d %3d %s", widths from the shape), from fields that may misbehave. */
function opensnoopRow(shape: OpensnoopShape) {
  const int = fc.oneof(fc.nat({ max: 4_000_000 }), fc.constantFrom(0, 1, 10, 999999, 1234567, 2 ** 53 - 1, 10 ** 16));
  const digits = fc.oneof(int.map(String), fc.constantFrom('007', '00', '0', '0000000000000000001'));
  const fd = fc.oneof(digits, fc.constantFrom('-1', '-0', '-01', '-2', '-', '--1', '1-'));
  return fc
    .record({ id: digits, comm: fc.oneof(plainText, awkwardText), fd, err: digits, path: fc.oneof(plainText, awkwardText) })
    .map(({ id, comm, fd, err, path }) =>
      `${id.padEnd(6)} ${comm.slice(0, shape.commWidth + 2).padEnd(shape.commWidth)} ${fd.padStart(shape.fdWidth)} ${err.padStart(3)} ${path}`.replace(
        /\n/g,
        ' ',
      ),
    );
}

/** Real lines of each tool, from its recordings. */
function seedLines(tool: string): string[] {
  const lines: string[] = [];
  for (const dir of recordingDirs()) {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { parser: string };
    if (meta.parser === tool)
      lines.push(
        ...readFileSync(join(dir, 'stdout'), 'utf8')
          .split('\n')
          .filter((l) => l.length > 0),
      );
  }
  return lines;
}

const mutated = (lines: string[]) => mutatedLines(fc.constantFrom(...lines), [' ', '-', '0', '9', '"', '\\', 'é']);

describe('rows written as JSON straight from their bytes', () => {
  it('are offered by the hot layouts', () => {
    assert.ok(
      jsonLayouts.some(({ layout }) => layout.name === 'libbpf'),
      'opensnoop libbpf has a JSON writer',
    );
    // tcpconnect's probectl-v1 rows and execsnoop's are printed and checked by test/probes/tcpconnect-row-json.test.ts and execsnoop-row-json.test.ts.
    for (const { tool, layout } of jsonLayouts)
      assert.ok(
        (tool === 'opensnoop' && shapes.has(layout.name)) || (tool === 'tcpconnect' && layout.name === 'probectl-v1') || tool === 'execsnoop',
        `${tool} ${layout.name}: a test knows how to print its rows`,
      );
  });

  for (const { tool, layout } of jsonLayouts.filter(({ tool }) => tool === 'opensnoop')) {
    const shape = shapes.get(layout.name)!;
    const seeds = seedLines(tool);
    /** The same text the line gives through the text path: the UTF-8 round trip is the line splitter's decoding. */
    const check = (line: string) => {
      const text = Buffer.from(line).toString('utf8');
      const expected = textPath(layout, text);
      /** Whether the writer took the line wherever it lies in its chunk. */
      let taken = true;
      for (const [before, after] of SURROUNDINGS) {
        const written = bytePath(layout, line, before, after);
        if (written !== undefined) assert.equal(written, expected, `line ${JSON.stringify(text)}`);
        else taken = false;
      }
      return taken;
    };

    it(`${tool} ${layout.name}: equal jsonMembers(row(line)) for every row printed in its format`, () => {
      fc.assert(
        fc.property(opensnoopRow(shape), (line) => void check(line)),
        { numRuns: 1000 },
      );
    });

    it(`${tool} ${layout.name}: equal jsonMembers(row(line)) for random, real and mutated lines, or leave them to the text path`, () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...seeds), mutated(seeds)),
          (line) => void check(line.replace(/\n/g, ' ')),
        ),
        { numRuns: 1000 },
      );
    });

    it(`${tool} ${layout.name}: take every plain row (printable COMM and PATH, no leading zeros)`, () => {
      const plain = fc
        .record({
          id: fc.nat({ max: 4_000_000 }),
          comm: plainText,
          fd: fc.oneof(fc.nat({ max: 999 }), fc.constant(-1)),
          err: fc.nat({ max: 200 }),
          path: plainText,
        })
        .map(
          ({ id, comm, fd, err, path }) =>
            `${String(id).padEnd(6)} ${comm.slice(0, shape.commWidth).padEnd(shape.commWidth)} ${String(fd).padStart(shape.fdWidth)} ${String(err).padStart(3)} ${path}`,
        );
      fc.assert(
        fc.property(plain, (line) => assert.ok(check(line), `declined ${JSON.stringify(line)}`)),
        { numRuns: 1000 },
      );
    });
  }
});
