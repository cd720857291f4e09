// tcpconnect's CONNECT lines written as JSON from their bytes: the same members as the text path, or left to it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonMembers } from '../../src/core/json-text.js';
import { tableTool, type TableLayout } from '../../src/core/table-parser.js';
import { tcpconnectParser } from '../../src/probes/tcpconnect/parser.js';
import { repoRoot } from '../recordings.js';
import { bothPaths, mutatedLines, writtenMembers } from '../row-json-paths.js';

const layouts = tcpconnectParser.layouts as readonly TableLayout[];
const probectl = layouts.find((l) => l.name === 'probectl-v1')!;
const writer = probectl.json!;

/** What the text path makes of the line: the members jsonMembers writes for its row, or undefined. */
function textPath(text: string): string | undefined {
  const row = probectl.row(text);
  return row === undefined ? undefined : jsonMembers(row.body);
}

/** Bytes around a line in its chunk: a writer that reads past either end would see them. */
const SURROUNDINGS = [
  ['', ''],
  ['CONNECT\t4\t', '\t1\t0\\x00'],
  ['\n', '\n'],
  ['0', '0'],
  ['\t', '\\'],
] as const;

const bytePath = (line: string, before: string, after: string) => writtenMembers(writer, line, before, after);

/** Checks the line wherever it lies; true when the writer took it every time. */
function check(line: string): boolean {
  const text = Buffer.from(line).toString('utf8');
  const expected = textPath(text);
  let taken = true;
  for (const [before, after] of SURROUNDINGS) {
    const written = bytePath(line, before, after);
    if (written === undefined) taken = false;
    else {
      assert.equal(written, expected, `line ${JSON.stringify(text)}`);
      // What the writer takes must not be a header, or the text path would have read it as one.
      for (const layout of layouts) assert.ok(!layout.header(text.trimEnd()), `${layout.name} header: ${JSON.stringify(text)}`);
    }
  }
  return taken;
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 16 });
const plainComm = printable.filter((s) => !s.includes('\\'));
/** Characters that need care: quotes, backslashes, escapes %r would not print, controls, multi-byte characters, lone surrogates. */
const awkward = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '\\x00', '\\x41', '\\x0', '\\X00', '\t', '\r', '\u0000', '\u007f', ' ', 'é', '😀', '\ud800'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
/** comm as %r prints comm[16]: the name, then its NUL padding as \x00. */
const paddedComm = plainComm.map((name) => name + '\\x00'.repeat(Math.max(0, 16 - name.length)));
const comm = fc.oneof(
  paddedComm,
  plainComm,
  awkward,
  fc.tuple(paddedComm, awkward).map(([a, b]) => a + b),
  fc.tuple(awkward, paddedComm).map(([a, b]) => a + b),
);

const digits = fc.oneof(
  fc.nat({ max: 4_000_000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 17n }).map(String),
  fc.constantFrom('0', '00', '007', '999999999999999', '1000000000000000', '0000000000000001', '00000000000000001', '', '-1', '1 ', '+1'),
);
const port = fc.oneof(fc.nat({ max: 65535 }).map(String), fc.constantFrom('65535', '65536', '00080', '000000000000080', '0000000000000080'), digits);
const address = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.constantFrom('::1', '0.0.0.0', 'FE80::1', '', 'g::1', '1.2.3.4 ', 'a'.repeat(45), 'a'.repeat(46), '::ffff:127.0.0.1'),
);
const nanoseconds = fc.oneof(fc.nat({ max: 2_000_000_000 }).map(String), fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }).map(String), digits);

/** A CONNECT line of tcpconnect.bt, from fields that may misbehave. */
const connectLine = fc
  .record({
    head: fc.constantFrom('CONNECT', 'CONNECT', 'CONNECT', 'CONNECTX', 'CONNEC', 'connect', 'OPEN'),
    family: fc.constantFrom('4', '6', '4', '6', '0', '46', '', 'x'),
    saddr: address,
    sport: port,
    daddr: address,
    dport: port,
    state: fc.constantFrom('1', '7', '1', '7', '01', '007', '2', '0', '', '1x'),
    skErr: fc.oneof(fc.constantFrom('0', '111', '110', '113', '101', '104', '00111', '0000'), digits),
    ns: nanoseconds,
    pid: digits,
    comm,
  })
  .map((f) => [f.head, f.family, f.saddr, f.sport, f.daddr, f.dport, f.state, f.skErr, f.ns, f.pid, f.comm].join('\t').replace(/\n/g, ' '));

/** A line as probectl's program prints it, with nothing unusual: the fast path must take it. */
const plainLine = fc
  .record({
    family: fc.constantFrom(4, 6),
    saddr: fc.oneof(fc.ipV4(), fc.ipV6()),
    sport: fc.nat({ max: 65535 }),
    daddr: fc.oneof(fc.ipV4(), fc.ipV6()),
    dport: fc.nat({ max: 65535 }),
    state: fc.constantFrom(1, 7),
    skErr: fc.oneof(fc.constantFrom(0, 111, 110, 113, 101), fc.nat({ max: 200 })),
    ns: fc.oneof(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10 ** 15 - 1 })),
    pid: fc.nat({ max: 4_194_304 }),
    comm: fc.oneof(paddedComm, plainComm),
  })
  .map((f) => ['CONNECT', f.family, f.saddr, f.sport, f.daddr, f.dport, f.state, f.skErr, f.ns, f.pid, f.comm].join('\t'));

const recorded = readFileSync(join(repoRoot, 'recordings', 'tcpconnect', 'probectl', 'stdout'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0);

const mutated = (lines: fc.Arbitrary<string>) => mutatedLines(lines, ['\t', '0', '9', '"', '\\', 'é', '\\x00']);

const program = (rows: string[]) => Buffer.from(['Attaching 3 probes...', 'PROBECTL tcpconnect v1', ...rows, ''].join('\n'));

describe("tcpconnect's CONNECT lines written as JSON from their bytes", () => {
  it('is the JSON writer of probectl-v1, and takes no header line', () => {
    assert.equal(writer.type, 'tcp.connect');
    assert.equal(writer.neverHeader, true);
    for (const layout of layouts) assert.equal(layout.json === undefined, layout !== probectl, layout.name);
  });

  it('writes every recorded line as the text path does, and takes them all', () => {
    assert.ok(recorded.filter((l) => l.startsWith('CONNECT\t')).length >= 5);
    for (const line of recorded) assert.equal(check(line), line.startsWith('CONNECT\t'), JSON.stringify(line));
  });

  it('equals jsonMembers(row(line)) for every generated CONNECT line, or leaves it to the text path', () => {
    fc.assert(
      fc.property(connectLine, (line) => void check(line)),
      { numRuns: 3000 },
    );
  });

  it('equals the text path for random, recorded and mutated lines, or leaves them to it', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mutated(fc.constantFrom(...recorded)), mutated(connectLine)),
        (line) => void check(line),
      ),
      { numRuns: 3000 },
    );
  });

  it('takes every plain line: printable comm with or without its NUL padding, digit runs of 15 or fewer', () => {
    fc.assert(
      fc.property(plainLine, (line) => assert.ok(check(line), `declined ${JSON.stringify(line)}`)),
      { numRuns: 2000 },
    );
  });

  it('leaves lines with other escapes, other bytes, overlong digits or a wrong field count to the text path', () => {
    const row = (comm: string, ns = '174429', pid = '31156') => ['CONNECT', '4', '127.0.0.1', '49702', '127.0.0.1', '5012', '1', '0', ns, pid, comm].join('\t');
    for (const line of [
      row('a\\x41b'),
      row('\\x01\\x00'),
      row('café\\x00'),
      row('a\\x00\\x00\tb'),
      row('a\tb'),
      row('a', '1000000000000000'),
      row('a', '174429', '0000000000000001'),
      row('a').replace('\t1\t0\t', '\t1\t0\t0\t'),
      row('a').replace('\t5012', ''),
      row('a').replace('CONNECT', 'CONNECT '),
    ])
      assert.equal(bytePath(line, '', ''), undefined, JSON.stringify(line));
  });

  it('gives the same JSON lines through the pipeline as JSON.stringify of the text path, however the bytes arrive', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(connectLine, plainLine, fc.constantFrom(...recorded)), { maxLength: 25 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rows, points) => {
          const [bytes, objects] = bothPaths(tcpconnectParser, 'tcpconnect', program(rows), points);
          assert.equal(bytes, objects);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sends plain CONNECT lines, which start with no digit, through the writer', () => {
    let written = 0;
    const counted: TableLayout = { ...probectl, json: { ...writer, write: (...args) => (written++, writer.write(...args)) } };
    const parser = tableTool({ tool: 'tcpconnect', layouts: [counted], banners: [] });
    const rows = fc.sample(plainLine, { numRuns: 50, seed: 7 });
    // The two lines before the rows arrive in a chunk of their own: the line splitter sends the rest of a chunk as text after two declined lines.
    const [bytes, objects] = bothPaths(parser, 'tcpconnect', program(rows), [program([]).length]);
    assert.equal(bytes, objects);
    assert.equal(objects.split('\n').filter((l) => l.includes('"type":"tcp.connect"')).length, 50);
    assert.equal(written, 50);
  });
});
