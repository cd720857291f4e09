// A table tool's short lines that no layout reads, reported as unparsed from their bytes, and the lines left to the text path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layout, ParserOutput } from '../../src/core/layout.js';
import { type TableLayout, tableTool } from '../../src/core/table-parser.js';

const ROW = /^(\d+) (\d+)$/;
/** A layout whose rows are "N N" and at least 3 characters long, with a writer that declines every line. */
const layout: TableLayout = {
  name: 'plain',
  impl: 'libbpf',
  tool: 'sample',
  description: 'two numbers',
  header: (line) => line === 'A B',
  headerLine: 'A B',
  row(line) {
    const m = ROW.exec(line);
    return m === null ? undefined : { type: 'tool.lost', body: { count: Number(m[1]) } };
  },
  json: { type: 'tool.lost', write: () => false },
  shortestRow: 3,
};
const tool = tableTool({ tool: 'sample', layouts: [layout], banners: [{ pattern: /^hi$/ }] });

/** A parser past its header, and the lines its output was asked to write as unparsed. */
function reader(shortestRow = 3) {
  const written: string[] = [];
  const events: string[] = [];
  const output: ParserOutput = {
    event: (_ts, type, body) => void events.push(`${type} ${JSON.stringify(body)}`),
    json: () => false,
    unparsed(_ts: number, _layout: Layout, line: Uint8Array, start: number, end: number) {
      written.push(Buffer.from(line.subarray(start, end)).toString('utf8'));
      return true;
    },
  };
  const parser = tableTool({ tool: 'sample', layouts: [{ ...layout, shortestRow }], banners: [{ pattern: /^hi$/ }] }).create(output);
  parser.line('A B', 'stdout', 1);
  const offer = (text: string): boolean => {
    const bytes = Buffer.from(`>${text}<`, 'utf8');
    return parser.lineBytes!(bytes, 1, bytes.length - 1, 2, false);
  };
  return { parser, offer, written, events };
}

describe('unparsed lines from their bytes', () => {
  it('writes a short line that is no header, banner or tool message as unparsed, with its bytes', () => {
    const { offer, written } = reader();
    assert.equal(offer('x'), true);
    assert.equal(offer('9'), true); // a digit starts no header
    assert.equal(offer('"\\'), true);
    assert.deepEqual(written, ['x', '9', '"\\']);
  });

  it("leaves to the text path a line as long as a row, a header's first letter, a banner, a tool message, a non-ASCII line", () => {
    const { offer, written } = reader();
    for (const line of ['1 2', 'x y', 'A', 'hi', 'WARN', 'é', '', '\u0080']) assert.equal(offer(line), false, JSON.stringify(line));
    assert.deepEqual(written, []);
  });

  it('leaves every line to the text path inside a traceback, which then reports it as an error', () => {
    const { parser, offer, events } = reader(50);
    parser.line('Traceback (most recent call last):', 'stdout', 1);
    assert.equal(offer('  x'), false);
    parser.line('  x', 'stdout', 2);
    assert.match(events.at(-1)!, /"level":"error","message":" {2}x"/);
  });

  it('writes nothing from bytes for a layout that does not give its shortest row', () => {
    const { offer, written } = reader(0);
    assert.equal(offer('x'), false);
    assert.deepEqual(written, []);
  });

  it('writes nothing from bytes when the pipeline gives no unparsed writer', () => {
    const parser = tool.create({ event: () => {}, json: () => false });
    parser.line('A B', 'stdout', 1);
    assert.equal(parser.lineBytes!(Buffer.from('x'), 0, 1, 2, false), false);
  });
});
