// syscount's table rows written as JSON from their bytes: the same events as the text path, or left to it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonBytes } from '../../src/core/json-line-batch.js';
import { jsonMembers } from '../../src/core/json-text.js';
import { Pipeline, type PipelineOptions } from '../../src/core/pipeline.js';
import { left, right } from '../../src/core/printf.js';
import { tableHeader, tableLayouts, type TableShape } from '../../src/probes/syscount/layouts.js';
import { syscountParser } from '../../src/probes/syscount/parser.js';
import { writeStockMapLine, writeSyscountRow } from '../../src/probes/syscount/row-json.js';
import { busiestFirst, numberedMapLine, sortBusiestFirst, syscallMember, writeCountsMembers } from '../../src/probes/syscount/program-bytes.js';
import { parseTableRow } from '../../src/probes/syscount/rows.js';

const shapes = tableLayouts.map((l) => l.shape);

/** The members the writer wrote for the line placed inside other bytes, or undefined when it declined. */
function bytePath(line: Buffer, shape: TableShape, time: string | undefined, before: string, after: string): string | undefined {
  const bytes = Buffer.concat([Buffer.from(before), line, Buffer.from(after)]);
  const start = Buffer.byteLength(before);
  const out = new JsonBytes(1 << 16, () => {});
  out.line('{"before":1}');
  const mark = out.length;
  if (!writeSyscountRow(bytes, start, start + line.length, shape, time, out)) return undefined;
  return out.bytes.toString('utf8', mark, out.length);
}

/** The text path's members for the line, or undefined when it is not a row. */
function textPath(text: string, shape: TableShape, time: string | undefined): string | undefined {
  const row = parseTableRow(text, shape, time);
  return row === undefined ? undefined : jsonMembers(row);
}

/** True when the writer took the line, in every surrounding; what it wrote is always the text path's. */
function check(line: Buffer, shape: TableShape, time: string | undefined): boolean {
  const expected = textPath(line.toString('utf8'), shape, time);
  let taken = true;
  for (const [before, after] of [
    ['', ''],
    ['getppid  ', ' 12'],
    ['\n', '\n'],
    ['7', '7'],
    [' ', '.5'],
  ] as const) {
    const written = bytePath(line, shape, time, before, after);
    if (written === undefined) taken = false;
    else assert.equal(written, expected, `${JSON.stringify(line.toString('latin1'))} as ${JSON.stringify(shape)}`);
  }
  return taken;
}

const name = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789[]'.split('')), minLength: 1, maxLength: 30, size: 'max' });
/** Characters that need care in a COMM or a name: spaces, quotes, backslashes, controls, UTF-8, brackets, tabs. */
const awkward = fc.string({
  unit: fc.constantFrom('a', ' ', '"', '\\', '\t', '\u0000', '\u001f', '\u007f', 'é', '€', '😀', '\u00a0', '[', ']', '.', '-', '1'),
  maxLength: 20,
  size: 'max',
});
/** 1 to max digits, every length as likely (fast-check's default size keeps strings short). */
const digits = (max: number) =>
  fc.integer({ min: 1, max }).chain((n) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n }));
/** TIME: any digits, and the edges of its exact sum (9 integer digits, 3 or 6 fraction digits, 2^51 and 2^53 ns). */
const decimal = fc.oneof(
  fc.tuple(digits(17), digits(11)).map(([i, f]) => `${i}.${f}`),
  fc.constantFrom('999999999.999', '999999999.999999', '1000000000.000', '0.001', '0.0000005', '0.0005', '2251799813.685248', '9007199254.740993'),
  fc.tuple(digits(10), digits(7)).map(([i, f]) => `${i}.${f}`),
);

/** A row as the tools print it (%-22s %8llu, or %-6u %-15s %8llu; " %16.3f" under -L), from its parts. */
function printed(shape: TableShape, who: string, pid: string, count: string, time: string): string {
  const head = shape.process ? `${left(pid, 6)} ${left(who, 15)}` : left(who, 22);
  return `${head} ${right(count, 8)}${shape.latency === 'none' ? '' : ` ${right(time, 16)}`}`;
}

describe('syscount rows from their bytes', () => {
  it('writes every plain row of every table layout as the text path does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...shapes),
        name,
        fc.nat(),
        fc.nat(),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.boolean(),
        (shape, who, pid, n, us, clock) => {
          const line = printed(shape, who, String(pid), String(n), us.toFixed(3));
          assert.ok(check(Buffer.from(line), shape, clock ? '18:13:56' : undefined), `not taken: ${line}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('writes odd rows as the text path does, or leaves them to it', () => {
    const part = fc.oneof(name, awkward, digits(18), decimal, fc.constantFrom('[unknown: 335]', '', ' ', '  ', '\t'));
    fc.assert(
      fc.property(fc.constantFrom(...shapes), part, part, part, part, fc.boolean(), (shape, who, pid, count, time, spaced) => {
        const line = spaced ? printed(shape, who, pid, count, time) : `${pid}${who}${count} ${time}`;
        check(Buffer.from(line), shape, '01:02:03');
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves cut-off rows and unknown calls to the text path', () => {
    const calls = shapes.find((s) => !s.process && s.latency === 'none')!;
    const processes = shapes.find((s) => s.process && s.latency === 'us')!;
    for (const [line, shape] of [
      ['1234   bash', processes],
      ['1234   bash                 7', processes],
      ['1234', processes],
      ['getppid ', calls],
      ['', calls],
      ['[unknown: 335]              3', calls],
      ['getppid                    12345678901234567', calls],
    ] as const)
      assert.equal(bytePath(Buffer.from(line), shape, undefined, '', ''), undefined, line);
    assert.equal(textPath('[unknown: 335]              3', calls, undefined), ',"nr":335,"count":3');
  });
});

describe('syscount through the pipeline, bytes against objects', () => {
  /** The JSON lines of the input through the object path (onEvent, JSON.stringify) and through jsonOut's byte path. */
  /**
   * The input comes in two halves, or a chunk a line: the splitter leaves the rest of a piece to the text path after two
   * lines the byte path declined (a tool's banner and header), so only chunks of one line offer it every line.
   */
  function bothPaths(input: Buffer, options: Partial<PipelineOptions>, split: 'halves' | 'lines' = 'halves'): [string, string] {
    const objects: string[] = [];
    const batches: Buffer[] = [];
    const out: JsonBytes = new JsonBytes(1 << 10, () => void batches.push(out.take()!));
    const chunks: Buffer[] = [];
    if (split === 'halves') chunks.push(input.subarray(0, input.length >> 1), input.subarray(input.length >> 1));
    else
      for (let from = 0; from < input.length; ) {
        const nl = input.indexOf(10, from);
        const to = nl === -1 ? input.length : nl + 1;
        chunks.push(input.subarray(from, to));
        from = to;
      }
    const run = (output: Partial<PipelineOptions>) => {
      const pipeline = new Pipeline({ parser: syscountParser, host: 'h', maxUnparsed: 3, ...options, ...output });
      chunks.forEach((chunk, i) => pipeline.chunk('stdout', chunk, 1 + (i >> 1)));
      pipeline.end(3 + chunks.length);
    };
    run({ onEvent: (e) => objects.push(JSON.stringify(e) + '\n') });
    run({ jsonOut: out });
    batches.push(out.take() ?? Buffer.alloc(0));
    return [Buffer.concat(batches).toString('utf8'), objects.join('')];
  }

  /** Text with \u00ff\u00fe written as bytes that are not UTF-8 (Latin-1), the rest as UTF-8. */
  const withBadBytes = (text: string): Buffer =>
    Buffer.concat(text.split(/(\u00ff\u00fe)/).map((p) => (p === '\u00ff\u00fe' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

  /** Generated lines after `head`, through both paths, fed both ways, with the layout detected or forced: the same JSON. */
  function agreeOn(head: readonly string[], lines: fc.Arbitrary<string[]>, layout: string, numRuns: number): void {
    fc.assert(
      fc.property(lines, fc.constantFrom('\n', '\r\n'), fc.boolean(), (body, eol, forced) => {
        const input = withBadBytes([...head, ...body].join(eol) + eol);
        for (const split of ['halves', 'lines'] as const) {
          const [bytes, objects] = bothPaths(input, { layout: forced ? layout : undefined }, split);
          assert.equal(bytes, objects, split);
        }
      }),
      { numRuns },
    );
  }

  it('gives byte-identical events for generated tables with odd rows, banners, clocks, headers and bytes that are not UTF-8', () => {
    const row = (shape: TableShape) =>
      fc.oneof(
        fc
          .tuple(name, fc.nat(), digits(16), fc.double({ min: 0, max: 1e12, noNaN: true }))
          .map(([who, pid, n, us]) => printed(shape, who, String(pid), n, us.toFixed(3))),
        fc.tuple(awkward, digits(7), digits(18), decimal).map(([who, pid, n, t]) => printed(shape, who, pid, n, t)),
        fc.constantFrom(
          '[18:13:56]',
          'Tracing syscalls, printing top 10... Ctrl+C to quit.',
          'Detaching...',
          '',
          '\u00ff\u00fe 12',
          '@syscall[1]: 3',
          'getppid',
        ),
      );
    const table = fc
      .constantFrom(...shapes)
      .chain((shape) => fc.tuple(fc.constant(shape), fc.array(row(shape), { maxLength: 30, size: 'max' }), fc.constantFrom('\n', '\r\n')));
    fc.assert(
      fc.property(table, fc.boolean(), ([shape, rows, eol], forced) => {
        const text = [tableHeader(shape), ...rows].join(eol) + eol;
        // Latin-1 turns \u00ff\u00fe into bytes that are not UTF-8; everything else is written as UTF-8.
        const input = withBadBytes(text);
        const layout = forced ? tableLayouts.find((l) => l.shape === shape)!.name : undefined;
        const [bytes, objects] = bothPaths(input, { layout, impl: shape.impl });
        assert.equal(bytes, objects);
      }),
      { numRuns: 800 },
    );
  });

  it("gives byte-identical events for syscount.bt's maps with odd keys, other maps, odd lines and bytes that are not UTF-8", () => {
    const key = fc.oneof(digits(18), name, awkward, fc.constantFrom('', '231', '007', ']: 5', 'a]: b', '[x]'));
    const count = fc.oneof(digits(16), fc.constantFrom('', '-1', '1.5', '3 ', ' 3', '0'));
    const mapLine = fc
      .tuple(fc.constantFrom('syscall', 'process', 'other', '', 'syscalls'), key, count, fc.constantFrom(']: ', ']:', '] : '))
      .map(([map, k, n, close]) => `@${map}[${k}${close}${n}`);
    const other = fc.constantFrom(
      'Attaching 3 probes...',
      'Counting syscalls... Hit Ctrl-C to end.',
      'Top 10 syscalls IDs:',
      'Top 10 processes:',
      'Top 5 processes:',
      'Top 007 syscalls IDs:',
      'Top processes:',
      'Top x processes:',
      'Top 10 processes: ',
      'Top 10 processes',
      'Top 10 syscalls:',
      'Top 10',
      'Top ',
      '',
      '',
      '\u00ff\u00fe 12',
      '@',
      '@syscall',
      'getppid                    12',
    );
    const lines = fc.array(fc.oneof({ weight: 3, arbitrary: mapLine }, { weight: 2, arbitrary: other }), { maxLength: 40, size: 'max' });
    agreeOn(['Attaching 3 probes...', 'Counting syscalls... Hit Ctrl-C to end.', ''], lines, 'bt', 800);
  });

  it("gives byte-identical events for probectl's program: its maps by number and per process, odd keys, intervals and odd lines", () => {
    // Keys from a few calls, so that an interval meets one key in several maps and generations, and 7 beside 007.
    const key = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('0', '1', '3', '39', '110', '7', '007', '07') },
      { weight: 2, arbitrary: digits(4) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom('42', '4242', '042'), fc.constantFrom('0', '1', '39'), fc.oneof(fc.constantFrom('bash', 'a b'), name, awkward))
          .map(([pid, nr, comm]) => `${pid}, ${nr}, ${comm}`),
      },
      { weight: 1, arbitrary: fc.oneof(digits(18), awkward, fc.constantFrom('', '0', '00', '007', '1, 2', ']: 5', '[x]')) },
    );
    const count = fc.oneof({ weight: 4, arbitrary: digits(16) }, { weight: 1, arbitrary: fc.constantFrom('', '-1', '1.5', '3 ', ' 3', '0') });
    const map = fc.constantFrom('calls0', 'calls1', 'failed0', 'failed1', 'ns0', 'ns1', 'calls', 'calls2', 'other', '', 'ns');
    const mapLine = fc.tuple(map, key, count, fc.constantFrom(']: ', ']: ', ']:', '] : ')).map(([m, k, n, close]) => `@${m}[${k}${close}${n}`);
    const interval = fc.oneof(digits(16), fc.constantFrom('', 'x', '-1', '12 ')).map((ms) => `INTERVAL\t${ms}`);
    const other = fc.constantFrom('', '', 'Attaching 5 probes...', '\u00ff\u00fe 12', '@', 'PROBECTL syscount v1', 'INTERVAL', 'SYSCALLS\t0 read');
    const lines = fc.array(fc.oneof({ weight: 6, arbitrary: mapLine }, { weight: 2, arbitrary: interval }, { weight: 1, arbitrary: other }), {
      maxLength: 60,
      size: 'max',
    });
    agreeOn(['Attaching 5 probes...', 'SYSCALLS\t0 read 1 write 39 getpid 110 getppid', 'PROBECTL syscount v1'], lines, 'probectl-v1', 1500);
  });

  it("reads probectl's map lines keyed by a call's number from their bytes, and leaves every other line to the text path", () => {
    const read = (line: string) => {
      const bytes = Buffer.from(`x${line}y`);
      return numberedMapLine(bytes, 1, bytes.length - 1);
    };
    assert.deepEqual(read('@calls0[257]: 12'), { map: 'calls', nr: 257, value: 12 });
    assert.deepEqual(read('@failed1[0]: 3'), { map: 'failed', nr: 0, value: 3 });
    assert.deepEqual(read('@ns0[39]: 123456789012345'), { map: 'ns', nr: 39, value: 123456789012345 });
    for (const line of [
      '@calls0[007]: 1',
      '@calls0[1, 2, bash]: 1',
      '@calls2[1]: 1',
      '@other[1]: 1',
      '@calls0[1]: 1234567890123456',
      '@calls0[]: 1',
      '@calls0[1]:1',
      '@calls0[1]: ',
      '@calls0[1]: -1',
    ])
      assert.equal(read(line), undefined, line);
  });

  it("orders an interval's counts as Array.prototype.sort does, ties kept in their order", () => {
    const counts = fc.record({ calls: fc.nat(3), failed: fc.constant(0), nr: fc.nat(3), pid: fc.option(fc.nat(2), { nil: undefined }), id: fc.nat() });
    fc.assert(
      fc.property(fc.array(counts, { maxLength: 40, size: 'max' }), (list) => {
        const mine = [...list];
        sortBusiestFirst(mine);
        assert.deepEqual(mine, [...list].sort(busiestFirst));
      }),
      { numRuns: 3000 },
    );
  });

  it("writes an interval's events from their counts exactly as the text path's rows", () => {
    const rows = [
      { counts: { calls: 5, failed: 1, nr: 39 }, ms: 1000, syscall: 'getpid' },
      { counts: { calls: 2 ** 53 + 2, failed: 0, nr: 1, ns: 12 }, ms: undefined, syscall: undefined },
      { counts: { calls: 1, failed: 0, nr: 3, pid: 42, comm: 'a "b"\\\u0001 é' }, ms: 7, syscall: 'close' },
    ];
    for (const { counts, ms, syscall } of rows) {
      const out = new JsonBytes(1 << 12, () => {});
      writeCountsMembers(out, counts, ms, syscall === undefined ? undefined : syscallMember(syscall));
      const row = {
        interval_ms: ms,
        pid: counts.pid,
        comm: counts.comm,
        syscall,
        nr: counts.nr,
        count: counts.calls,
        errors: counts.failed,
        total_ns: counts.ns,
      };
      assert.equal(out.bytes.toString('utf8', 0, out.length), jsonMembers(row));
    }
  });

  it("writes syscount.bt's syscall and process lines from their bytes, and leaves other maps to the text path", () => {
    const write = (line: string): string | undefined => {
      const out = new JsonBytes(1 << 12, () => {});
      const bytes = Buffer.from(`x${line}y`);
      return writeStockMapLine(bytes, 1, bytes.length - 1, out) ? out.bytes.toString('utf8', 0, out.length) : undefined;
    };
    assert.equal(write('@syscall[231]: 1'), ',"nr":231,"count":1');
    assert.equal(write('@syscall[007]: 0012'), ',"nr":7,"count":12');
    assert.equal(write('@process[pctl-calls]: 1009'), ',"comm":"pctl-calls","count":1009');
    assert.equal(write('@process[a"b]: c]: 2'), ',"comm":"a\\"b]: c","count":2');
    for (const line of ['@syscall[read]: 1', '@other[1]: 2', '@syscall[1]: -1', '@syscall[1]: 1234567890123456', '@[1]: 2', '@syscall[1]:3'])
      assert.equal(write(line), undefined, line);
  });
});
