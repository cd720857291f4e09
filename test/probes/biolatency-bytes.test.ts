// biolatency's bucket rows read from their bytes: the same buckets as the text path, or left to it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bucketFromBytes, parseBucketLine } from '../../src/core/hist-buckets.js';
import { JsonBytes } from '../../src/core/json-line-batch.js';
import { jsonMembers } from '../../src/core/json-text.js';
import type { ToolParser } from '../../src/core/layout.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { left, right } from '../../src/core/printf.js';
import { log2Row, log2RowFromBytes } from '../../src/probes/biolatency/log2-lines.js';
import { biolatencyParser } from '../../src/probes/biolatency/parser.js';
import { bothPaths, mutatedLines } from '../row-json-paths.js';

/** What the byte reader gives for the line placed inside other bytes (a reader that reads past either end sees them). */
function fromBytes(read: typeof bucketFromBytes, line: string, before: string, after: string): string | undefined {
  const bytes = Buffer.concat([Buffer.from(before), Buffer.from(line), Buffer.from(after)]);
  const start = Buffer.byteLength(before);
  const bucket = read(bytes, start, start + Buffer.byteLength(line));
  return bucket === undefined ? undefined : JSON.stringify(bucket);
}

const SURROUNDINGS = [
  ['', ''],
  ['\n', '\n'],
  ['[4', ' |'],
  ['7', '@|'],
  [' ', '*|\n'],
] as const;

/** True when the byte reader took the line in every surrounding; what it gave is always the text reader's bucket. */
function agrees(read: typeof bucketFromBytes, text: (line: string) => unknown, line: string): boolean {
  const bucket = text(line);
  const expected = typeof bucket === 'object' && bucket !== null ? JSON.stringify(bucket) : undefined;
  let taken = true;
  for (const [before, after] of SURROUNDINGS) {
    const got = fromBytes(read, line, before, after);
    if (got === undefined) taken = false;
    else assert.equal(got, expected, JSON.stringify(line));
  }
  return taken;
}

/** A bound as bpftrace labels it: 0 to 1023, or a multiple of 1024 with its suffix. */
const bound = fc.oneof(
  fc.integer({ min: 0, max: 1023 }).map((n) => ({ text: String(n), value: n })),
  fc.tuple(fc.integer({ min: 1, max: 1023 }), fc.constantFrom(['K', 2 ** 10], ['M', 2 ** 20], ['G', 2 ** 30], ['T', 2 ** 40])).map(([n, [s, m]]) => ({
    text: `${n}${s}`,
    value: n * (m as number),
  })),
);
const bar = (mark: string, width: number) => fc.integer({ min: 0, max: width }).map((n) => mark.repeat(n) + ' '.repeat(width - n));

/** bpftrace's hist() line: `%-16s %8d |%s|` with a label of [lo, hi), [n] or [lo, ...). */
const bpftraceLine = fc
  .tuple(bound, bound, fc.nat({ max: 10_000_000 }), bar('@', 52), fc.constantFrom('range', 'single', 'open'))
  .map(([lo, hi, count, stars, kind]) => {
    const [a, b] = lo.value <= hi.value ? [lo, hi] : [hi, lo];
    const single = kind === 'single' || a.value === b.value; // [n, n) is no bucket: bpftrace prints [n]
    const label = single ? `[${a.text}]` : kind === 'open' ? `[${a.text}, ...)` : `[${a.text}, ${b.text})`;
    return `${left(label, 16)} ${right(String(count), 8)} |${stars}|`;
  });

/** libbpf-tools' and BCC's row: `%*lld -> %-*lld : %-8d |%s|`. */
const log2Line = fc
  .tuple(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 40 }), fc.nat({ max: 10_000_000 }), bar('*', 40), fc.integer({ min: 10, max: 20 }))
  .map(([x, y, count, stars, width]) => {
    const [min, max] = x <= y ? [x, y] : [y, x];
    return `${right(String(min), width)} -> ${left(String(max), width)} : ${left(String(count), 8)} |${stars}|`;
  });

const pieces = ['[', ']', ')', '(', ', ', '...', '|', '@', '*', '+', ' ', '-', 'K', 'E', '9', '0', ':', '->', 'é', '\t', '99999999999999999'];

describe('biolatency bucket rows from their bytes', () => {
  it("gives bpftrace's hist() lines the text path's buckets, and takes every plain one", () => {
    fc.assert(
      fc.property(bpftraceLine, (line) => assert.ok(agrees(bucketFromBytes, parseBucketLine, line), `declined ${JSON.stringify(line)}`)),
      { numRuns: 2000 },
    );
  });

  it("gives libbpf-tools' rows the text path's buckets, and takes every plain one", () => {
    fc.assert(
      fc.property(log2Line, (line) => assert.ok(agrees(log2RowFromBytes, log2Row, line), `declined ${JSON.stringify(line)}`)),
      { numRuns: 2000 },
    );
  });

  it('never gives a bucket the text path would not, for mutated, random and unusual lines', () => {
    const lines = fc.oneof(mutatedLines(fc.oneof(bpftraceLine, log2Line), pieces), fc.string({ maxLength: 80 }));
    fc.assert(
      fc.property(lines, (line) => {
        agrees(bucketFromBytes, parseBucketLine, line);
        agrees(log2RowFromBytes, log2Row, line);
      }),
      { numRuns: 5000 },
    );
    for (const line of ['[10, 4)   1 |@|', '(..., 0)   3 |@@ |', '[-4, 8)   1 |@|', '[4, 8)   1 |@ @|', '  4 -> 7  : 1  |* *|', '  4 -> 7  : 1  |**+|']) {
      assert.equal(fromBytes(bucketFromBytes, line, '', ''), undefined, line);
      assert.equal(fromBytes(log2RowFromBytes, line, '', ''), undefined, line);
    }
  });
});

describe('biolatency through the pipeline, bytes against objects', () => {
  /** probectl's program's output for these histograms, each closed by an INTERVAL line. */
  const program = (hists: string[][]): Buffer =>
    Buffer.from(
      ['Attaching 6 probes...', 'PROBECTL biolatency v1', ...hists.flatMap((h) => ['@usecs: ', ...h, '', '', 'INTERVAL\t1000\t0\t0']), ''].join('\n'),
    );
  /** libbpf-tools' output with -m -T -F: a clock per interval, then each set of flags with its histogram. */
  const libbpf = (hists: string[][]): Buffer =>
    Buffer.from(
      [
        'Tracing block device I/O... Hit Ctrl-C to end.',
        '',
        '18:08:42',
        ...hists.flatMap((h, i) => [`flags = Sync-Write-${i}`, '     msecs               : count    distribution', ...h]),
        '',
        '',
      ].join('\n'),
    );
  /** probectl's program with --per-device and queue time: a map per disk, each interval closed with queued and per-device set. */
  const perDevice = (hists: string[][]): Buffer =>
    Buffer.from(
      [
        'Attaching 6 probes...',
        'PROBECTL biolatency v1',
        ...hists.flatMap((h, i) => [`@usecs_dev[${8 + (i % 3)}, ${i % 2}]: `, ...h, '', '', ...(i % 2 === 1 ? ['INTERVAL\t1000\t1\t1'] : [])]),
        'INTERVAL\t1000\t1\t1',
        '',
      ].join('\n'),
    );
  /** libbpf-tools' output with -D and -F and a clock that changes: disks and flags with characters JSON escapes. */
  const libbpfDisks = (hists: string[][]): Buffer =>
    Buffer.from(
      [
        'Tracing block device I/O... Hit Ctrl-C to end.',
        ...hists.flatMap((h, i) => [
          ...(i % 3 === 0 ? ['', `18:08:${String(40 + i).padStart(2, '0')}`] : []),
          `disk = ${['sda', 'sd"b', 'nvme0n1\\p1', 'é'][i % 4]}`,
          `flags = ${['Write', 'Sync-"Write"', 'Re\\ad', 'Read\u0001'][i % 4]}`,
          '     usecs               : count    distribution',
          ...h,
        ]),
        '',
      ].join('\n'),
    );
  const hists = (line: fc.Arbitrary<string>) => fc.array(fc.array(line, { maxLength: 12 }), { minLength: 1, maxLength: 8 });
  const cuts = fc.array(fc.nat(), { maxLength: 6 });

  for (const [whose, rows, output] of [
    ["probectl's program's", bpftraceLine, program],
    ["libbpf-tools'", log2Line, libbpf],
    ["probectl's program's per-device", bpftraceLine, perDevice],
    ["libbpf-tools' per-disk and per-flag", log2Line, libbpfDisks],
  ] as const)
    it(`writes ${whose} histograms, in chunks cut anywhere, as the object path does`, () => {
      fc.assert(
        fc.property(hists(fc.oneof(rows, mutatedLines(rows, pieces))), cuts, (h, at) => {
          const [bytes, objects] = bothPaths(biolatencyParser, 'biolatency', output(h), at);
          assert.equal(bytes, objects);
        }),
        { numRuns: 300 },
      );
    });

  it('reads the rows from their bytes: no row of a plain histogram is decoded', () => {
    const rows = Array.from(
      { length: 20 },
      (_, i) => `${left(`[${2 ** i}, ${2 ** (i + 1)})`, 16)} ${right(String(i * 7), 8)} |${'@'.repeat(i)}${' '.repeat(52 - i)}|`,
    );
    let decodedRows = 0;
    const counting: ToolParser = {
      ...biolatencyParser,
      create: (out, options) => {
        const parser = biolatencyParser.create(out, options);
        const line = parser.line.bind(parser);
        parser.line = (text, stream, ts) => {
          if (text.startsWith('[')) decodedRows++;
          line(text, stream, ts);
        };
        return parser;
      },
    };
    const batches: Buffer[] = [];
    const out: JsonBytes = new JsonBytes(1 << 10, () => void batches.push(out.take()!));
    const pipeline = new Pipeline({ parser: counting, host: 'h', probe: 'biolatency', jsonOut: out });
    pipeline.chunk('stdout', program([rows, rows.slice(5)]), 1);
    pipeline.end(2);
    batches.push(out.take() ?? Buffer.alloc(0));
    const events = Buffer.concat(batches)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; count: number; buckets: unknown[] });
    assert.deepEqual(
      events.map((e) => [e.type, e.buckets.length, e.count]),
      [
        ['block.latency', 20, 1330],
        ['block.latency', 15, 1260],
      ],
    );
    assert.equal(decodedRows, 0);
  });
});

describe('jsonMembers with arrays', () => {
  it('writes arrays of numbers, strings, nulls, objects and anything else exactly as JSON.stringify does', () => {
    const scalar = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant(-0));
    const member = fc.oneof(scalar, fc.constant(undefined), fc.array(scalar, { maxLength: 3 }), fc.date());
    const element = fc.oneof(scalar, fc.constant(undefined), fc.dictionary(fc.string({ unit: 'binary', minLength: 1 }), member), fc.date(), fc.array(scalar));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', minLength: 1 }), fc.array(element)), (body) => {
        assert.equal('{' + jsonMembers(body).slice(1) + '}', JSON.stringify(body));
      }),
      { numRuns: 2000 },
    );
    const withToJson = { min: 1, toJSON: () => 'x' };
    const nullPrototype = Object.assign(Object.create(null) as object, { a: 1 });
    const body = { buckets: [withToJson, nullPrototype, { min: null, max: 7, count: 0 }, () => 1] };
    assert.equal('{' + jsonMembers(body).slice(1) + '}', JSON.stringify(body));
  });
});
