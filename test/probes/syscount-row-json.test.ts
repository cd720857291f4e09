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
const decimal = fc.tuple(digits(17), digits(11)).map(([i, f]) => `${i}.${f}`);

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
  function bothPaths(input: Buffer, options: Partial<PipelineOptions>): [string, string] {
    const objects: string[] = [];
    const batches: Buffer[] = [];
    const out: JsonBytes = new JsonBytes(1 << 10, () => void batches.push(out.take()!));
    const run = (output: Partial<PipelineOptions>) => {
      const pipeline = new Pipeline({ parser: syscountParser, host: 'h', maxUnparsed: 3, ...options, ...output });
      pipeline.chunk('stdout', input.subarray(0, input.length >> 1), 1);
      pipeline.chunk('stdout', input.subarray(input.length >> 1), 2);
      pipeline.end(3);
    };
    run({ onEvent: (e) => objects.push(JSON.stringify(e) + '\n') });
    run({ jsonOut: out });
    batches.push(out.take() ?? Buffer.alloc(0));
    return [Buffer.concat(batches).toString('utf8'), objects.join('')];
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
      .chain((shape) => fc.tuple(fc.constant(shape), fc.array(row(shape), { maxLength: 30 }), fc.constantFrom('\n', '\r\n')));
    fc.assert(
      fc.property(table, fc.boolean(), ([shape, rows, eol], forced) => {
        const text = [tableHeader(shape), ...rows].join(eol) + eol;
        // Latin-1 turns \u00ff\u00fe into bytes that are not UTF-8; everything else is written as UTF-8.
        const input = Buffer.concat(text.split(/(\u00ff\u00fe)/).map((p) => (p === '\u00ff\u00fe' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
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
      '',
      '',
      '\u00ff\u00fe 12',
      '@',
      '@syscall',
      'getppid                    12',
    );
    const lines = fc.array(fc.oneof({ weight: 3, arbitrary: mapLine }, { weight: 2, arbitrary: other }), { maxLength: 40 });
    fc.assert(
      fc.property(lines, fc.constantFrom('\n', '\r\n'), fc.boolean(), (body, eol, forced) => {
        const text = ['Attaching 3 probes...', 'Counting syscalls... Hit Ctrl-C to end.', '', ...body].join(eol) + eol;
        const input = Buffer.concat(text.split(/(\u00ff\u00fe)/).map((p) => (p === '\u00ff\u00fe' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
        const [bytes, objects] = bothPaths(input, { layout: forced ? 'bt' : undefined });
        assert.equal(bytes, objects);
      }),
      { numRuns: 800 },
    );
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
