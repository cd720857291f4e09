// execsnoop's libbpf-tools and execsnoop.bt 0.17 rows written as JSON from their bytes: the text path's members, or left to it.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonMembers } from '../../src/core/json-text.js';
import { decodeBytes } from '../../src/core/lines.js';
import type { ParserOutput } from '../../src/core/layout.js';
import type { TableLayout } from '../../src/core/table-parser.js';
import { type ExecsnoopShape, execsnoopHeader, execsnoopLayoutName, execsnoopShapes } from '../../src/probes/execsnoop/layouts.js';
import { execsnoopParser } from '../../src/probes/execsnoop/parser.js';
import { repoRoot } from '../recordings.js';
import { bothPaths, mutatedLines, writtenMembers } from '../row-json-paths.js';

const layouts = execsnoopParser.layouts as readonly TableLayout[];
const shapes = new Map<string, ExecsnoopShape>(execsnoopShapes.map((s) => [execsnoopLayoutName(s), s]));
const withWriter = layouts.filter((l) => l.json !== undefined);

/** Bytes around a line in its chunk: a writer that reads past either end would see them. */
const SURROUNDINGS = [
  ['', ''],
  ['12:00:00 ', ' "x" ...'],
  ['\n', '\n'],
  ['0', '0'],
  ['"', '\\'],
] as const;

const bytePath = (layout: TableLayout, line: string | Buffer, before: string, after: string) => writtenMembers(layout.json!, line, before, after);

/**
 * Checks the line (text, or bytes that may not be UTF-8, which the text path reads as decodeBytes decodes them)
 * wherever it lies in its chunk; true when the writer took it every time.
 */
function check(layout: TableLayout, line: string | Buffer): boolean {
  const text = typeof line === 'string' ? Buffer.from(line).toString('utf8') : decodeBytes(line);
  const row = layout.row(text);
  const expected = row === undefined ? undefined : jsonMembers(row.body);
  let taken = true;
  for (const [before, after] of SURROUNDINGS) {
    const written = bytePath(layout, line, before, after);
    if (written === undefined) taken = false;
    else {
      assert.equal(written, expected, `${layout.name}: line ${JSON.stringify(text)}`);
      // What a writer takes must be no header, nor one of probectl's program lines, or the text path would read it so.
      for (const other of layouts) assert.ok(!other.header(text.trimEnd()), `${other.name} header: ${JSON.stringify(text)}`);
    }
  }
  return taken;
}

/** Bytes that are not UTF-8, alone or around valid ones: lone and cut sequences, an encoded surrogate, past U+10FFFF. */
const notUtf8 = fc
  .array(
    fc.oneof(
      fc.constantFrom([0xff], [0x80], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xc3, 0xa9], [0x5c], [0x22]),
      fc.uint8Array({ min: 0x80, max: 0xff, minLength: 1, maxLength: 3 }).map((a) => [...a]),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => Buffer.from(parts.flat()))
  .filter((bytes) => !isUtf8(bytes));

/** The row's text with `raw` spliced in at a place given by a fraction of its length. */
const spliced = (line: string, raw: Buffer, where: number): Buffer => {
  const bytes = Buffer.from(line);
  const at = Math.floor(where * (bytes.length + 1));
  return Buffer.concat([bytes.subarray(0, at), raw, bytes.subarray(at)]);
};

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 18 });
/** Characters that need care: quotes, backslashes and the escapes -q writes, controls, spaces, multi-byte characters. */
const awkward = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '\\"', '\\t', '\\n', '" "', '\t', '\r', '\u0000', '\u007f', ' ', '  ...', 'é', '😀', '\ud800', '\ufffd'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const word = fc.oneof(printable, awkward);
const digits = fc.oneof(
  fc.nat({ max: 4_000_000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 17n }).map(String),
  fc.constantFrom('0', '00', '007', '999999999999999', '1000000000000000', '0000000000000001', '', '?', '-1', '1 '),
);
const retval = fc.oneof(fc.constantFrom('0', '-2', '-13', '-0', '-00', '-007', '--1', '1-', '-'), digits);
const clock = fc.oneof(
  fc.tuple(fc.nat({ max: 23 }), fc.nat({ max: 59 }), fc.nat({ max: 59 })).map((t) => t.map((n) => String(n).padStart(2, '0')).join(':')),
  fc.constantFrom('1:2:3', '12:00:0x', '12-00-00', '123:00:00'),
);
const elapsed = fc.oneof(
  fc.tuple(fc.nat({ max: 99_999 }), fc.nat({ max: 999 })).map(([s, ms]) => `${s}.${String(ms).padStart(3, '0')}`),
  fc.constantFrom('0.000', '1.5', '1.2345', '.123', '12345678.123', '0001.100'),
);

/** -q: each argument quoted as libbpf-tools writes it (inner quote \", tab \t, newline \n), then a space; " ..." past --max-args. */
const quoted = fc
  .tuple(fc.array(word, { maxLength: 4 }), fc.boolean())
  .map(([args, more]) => args.map((a) => `"${a.replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\n/g, '\\n')}" `).join('') + (more ? '" ...' : ''));
/** Without -q: each argument and a space, then " ..." past --max-args; cut short where a newline was. */
const plain = fc
  .tuple(fc.array(word, { maxLength: 4 }), fc.constantFrom('', ' ...', 'cut'))
  .map(([args, tail]) => (tail === 'cut' ? args.join(' ') : args.map((a) => `${a} `).join('') + tail));

/** A row as libbpf-tools or execsnoop.bt print it for the shape, from fields that may misbehave. */
function rowOf(shape: ExecsnoopShape) {
  return fc
    .record({
      time: clock,
      elapsed,
      uid: digits,
      comm: word,
      pid: digits,
      ppid: digits,
      ret: retval,
      args: shape.quote ? fc.oneof(quoted, plain) : fc.oneof(plain, quoted),
    })
    .map((f) => {
      if (shape.impl === 'bpftrace') return `${f.elapsed.replace('.', '').padEnd(10)} ${f.pid.padEnd(shape.pidWidth)} ${f.args}`;
      let row = '';
      if (shape.time) row += `${f.time.padEnd(8)} `;
      if (shape.timestamp) row += f.elapsed.padEnd(8);
      if (shape.uid) row += f.uid.padEnd(6);
      return `${row}${f.comm.slice(0, 17).padEnd(16)} ${f.pid.padEnd(shape.pidWidth)} ${f.ppid.padEnd(shape.pidWidth)} ${f.ret.padStart(3)} ${f.args}`;
    })
    .map((line) => line.replace(/\n/g, ' '));
}

/** A row with nothing unusual: the writer must take it. */
function plainRowOf(shape: ExecsnoopShape) {
  const name = fc.string({ unit: fc.constantFrom(...'abcxyz-_./0189'.split('')), minLength: 1, maxLength: 16 });
  const args = fc.array(fc.oneof(name, fc.constantFrom('a b', 'q"u', 'tab\there', 'é€', '')), { minLength: 1, maxLength: 4 });
  return fc
    .record({
      pid: fc.nat({ max: 4_194_304 }),
      ppid: fc.nat({ max: 4_194_304 }),
      ret: fc.constantFrom(0, -2, -13),
      comm: name,
      args,
      uid: fc.nat({ max: 65535 }),
    })
    .map((f) => {
      if (shape.impl === 'bpftrace') return `${String(f.pid * 7).padEnd(10)} ${String(f.pid).padEnd(shape.pidWidth)} ${f.args.join(' ').replace(/\t/g, ' ')}`;
      let row = '';
      if (shape.time) row += '18:12:20 ';
      if (shape.timestamp) row += '12.345  ';
      if (shape.uid) row += String(f.uid).padEnd(6);
      const text = shape.quote
        ? f.args.map((a) => `"${a.replace(/"/g, '\\"').replace(/\t/g, '\\t')}" `).join('')
        : f.args.map((a) => `${a.replace(/\t/g, ' ')} `).join('');
      return `${row}${f.comm.padEnd(16)} ${String(f.pid).padEnd(6)} ${String(f.ppid).padEnd(6)} ${String(f.ret).padStart(3)} ${text}`;
    });
}

/** The lines of bytes, without their newlines. */
function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  for (let from = 0; from < bytes.length; ) {
    const nl = bytes.indexOf(10, from);
    const stop = nl === -1 ? bytes.length : nl;
    lines.push(bytes.subarray(from, stop));
    from = stop + 1;
  }
  return lines;
}

/** Real lines of every execsnoop recording. */
const recorded = [
  'libbpf-default',
  'libbpf-T',
  'libbpf-t',
  'libbpf-U',
  'libbpf-q',
  'libbpf-TtUq',
  'libbpf-max-args',
  'libbpf-cgroup',
  'bpftrace',
  'probectl',
].flatMap((name) =>
  readFileSync(join(repoRoot, 'recordings', 'execsnoop', name, 'stdout'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0),
);

const mutated = (lines: fc.Arbitrary<string>) => mutatedLines(lines, [' ', '"', '\\', '-', '0', 'é']);

describe("execsnoop's rows written as JSON from their bytes", () => {
  it("are written for libbpf-tools' layouts and execsnoop.bt 0.17's, and no other", () => {
    const names = withWriter.map((l) => l.name);
    for (const name of ['libbpf', 'libbpf-T', 'libbpf-t', 'libbpf-U', 'libbpf-q', 'libbpf-TtUq', 'bt']) assert.ok(names.includes(name), name);
    for (const layout of withWriter) assert.ok(layout.impl === 'libbpf' || layout.name === 'bt', layout.name);
  });

  for (const layout of withWriter) {
    const shape = shapes.get(layout.name)!;
    it(`${layout.name}: equals jsonMembers(row(line)) for every generated row, or leaves it to the text path`, () => {
      fc.assert(
        fc.property(rowOf(shape), (line) => void check(layout, line)),
        { numRuns: 600 },
      );
    });

    it(`${layout.name}: equals the text path for random, recorded and mutated lines, or leaves them to it`, () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...recorded), mutated(fc.constantFrom(...recorded))),
          (line) => void check(layout, line.replace(/\n/g, ' ')),
        ),
        { numRuns: 600 },
      );
    });

    it(`${layout.name}: takes every plain row`, () => {
      fc.assert(
        fc.property(plainRowOf(shape), (line) => assert.ok(check(layout, line), `declined ${JSON.stringify(line)}`)),
        { numRuns: 300 },
      );
    });

    it(`${layout.name}: equals the text path for rows holding bytes that are not UTF-8 anywhere, or leaves them to it`, () => {
      fc.assert(
        fc.property(rowOf(shape), notUtf8, fc.double({ min: 0, max: 1, noNaN: true }), (line, raw, where) => void check(layout, spliced(line, raw, where))),
        { numRuns: 600 },
      );
    });

    it(`${layout.name}: takes every plain row whose last argument holds bytes that are not UTF-8`, () => {
      // The raw bytes go inside the last argument: -q's closing quote, and a trailing space, come after them.
      const inLastArgument = (line: string, raw: Buffer): Buffer => {
        const cut = shape.quote ? line.length - 2 : shape.impl === 'bpftrace' ? line.length : line.length - 1;
        return Buffer.concat([Buffer.from(line.slice(0, cut)), raw, Buffer.from(line.slice(cut))]);
      };
      // No quote or backslash among them: those may end or open an argument, and the property above covers them.
      const raws = notUtf8.filter((raw) => !raw.includes(0x22) && !raw.includes(0x5c));
      fc.assert(
        fc.property(plainRowOf(shape), raws, (line, raw) => {
          const bytes = inLastArgument(line, raw);
          assert.ok(check(layout, bytes), `declined ${JSON.stringify(decodeBytes(bytes))}`);
        }),
        { numRuns: 300 },
      );
    });

    it(`${layout.name}: takes no header of any execsnoop layout`, () => {
      for (const s of execsnoopShapes) assert.equal(bytePath(layout, execsnoopHeader(s), '', ''), undefined, execsnoopHeader(s));
    });
  }

  it('finds no row shorter than its layout says (shortestRow), in generated, recorded and random lines cut short', () => {
    for (const layout of layouts) {
      const shape = shapes.get(layout.name);
      if (shape === undefined) continue;
      const shortest = layout.shortestRow!;
      assert.ok(shortest > 2, `${layout.name}: an argument's end ("x ") is shorter than its rows`);
      const lines = fc.oneof(
        rowOf(shape),
        plainRowOf(shape),
        fc.constantFrom(...recorded),
        fc.string({ unit: fc.constantFrom(...'0123456789 :.-"?x'), maxLength: 40 }),
      );
      fc.assert(
        fc.property(lines, fc.nat(), (line, cut) => {
          const short = line.slice(0, cut % shortest);
          assert.equal(layout.row(short), undefined, `${layout.name}: ${JSON.stringify(short)}`);
        }),
        { numRuns: 200 },
      );
    }
  });

  it("is the length of the shortest row of libbpf-tools' and BCC's unquoted layouts: each column at its narrowest, no COMM, no argument", () => {
    for (const layout of layouts) {
      const shape = shapes.get(layout.name);
      if (shape === undefined || shape.impl === 'bpftrace' || shape.quote) continue;
      const before = (shape.time ? '12:00:00 ' : '') + (shape.timestamp ? '1.000   ' : '') + (shape.uid ? '0     ' : '');
      const shortest = before + (shape.ppid ? ' 1 1 1 ' : ' 1 1 ');
      assert.equal(shortest.length, layout.shortestRow, layout.name);
      assert.notEqual(layout.row(shortest), undefined, `${layout.name}: ${JSON.stringify(shortest)}`);
    }
  });

  it('gives the same JSON lines through the pipeline as JSON.stringify of the text path, for every recording however its bytes arrive', () => {
    const inputs = ['libbpf-default', 'libbpf-T', 'libbpf-TtUq', 'libbpf-max-args', 'bpftrace', 'probectl'].map((name) =>
      readFileSync(join(repoRoot, 'recordings', 'execsnoop', name, 'stdout')),
    );
    fc.assert(
      fc.property(fc.constantFrom(...inputs), fc.array(fc.nat(), { maxLength: 10 }), (input, points) => {
        const [bytes, objects] = bothPaths(execsnoopParser, 'execsnoop', input, points);
        assert.equal(bytes, objects);
      }),
      { numRuns: 120 },
    );
  });

  it('reports the short lines among rows (an argument after its newline, anything else) as the text path does, shown or past maxUnparsed', () => {
    const inputs = ['libbpf-default', 'libbpf-T', 'libbpf-t', 'libbpf-U', 'libbpf-q', 'libbpf-TtUq', 'bpftrace'].map((name) =>
      splitLines(readFileSync(join(repoRoot, 'recordings', 'execsnoop', name, 'stdout'))),
    );
    // Lines a row's end may leave, and lines close to what else the text path reads: tool messages, banners, headers' letters, a traceback.
    const short = fc.oneof(
      fc.constantFrom('x', 'x ', ' ', '"', '\\', '\t', '\u0001', 'é', 'P', 'T', 'U', '1', '12 3', 'WARN', 'Error', 'ERROR: a'),
      fc.constantFrom('Lost 3 events', 'Attaching 3 probes...', 'Traceback (most recent call last):', '  File "a"', 'ValueError: v'),
      // Headers, one shorter than another layout's rows: execsnoop.bt's after -TtUq's rows (30 characters at least).
      fc.constantFrom(...execsnoopShapes.map(execsnoopHeader)),
      fc.constant('TIME(ms)   PID   ARGS'),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    const shortBytes = fc.oneof(
      short.map((line) => Buffer.from(line.replace(/\n/g, ' '))),
      fc.constantFrom(Buffer.from([0xff]), Buffer.from([0x78, 0xc3])),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...inputs),
        fc.array(fc.tuple(fc.nat(), shortBytes), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(undefined, 0, 2),
        (lines, inserted, points, maxUnparsed) => {
          const all = [...lines];
          for (const [at, line] of inserted) all.splice(1 + (at % all.length), 0, line);
          const input = Buffer.concat(all.flatMap((line) => [line, Buffer.from('\n')]));
          const [bytes, objects] = bothPaths(execsnoopParser, 'execsnoop', input, points, { maxUnparsed });
          assert.equal(bytes, objects);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads probectl's program lines from their bytes as the text path reads them: padding of any length or none, escapes, lines it refuses", () => {
    // A %r buffer as bpftrace prints it: printable text and \xNN escapes, then \x00 padding (none: the buffer was full).
    const printed = fc
      .tuple(
        fc.array(
          fc.oneof(
            fc.constantFrom('a', ' ', '"', '\\', '\\x41', '\\x7e', '\\x7f', '\\x0a', '\\xff', '\\xc3\\xa9', '\\xed\\xa0\\x80', '\\x00', '\t', 'é'),
            fc.string({ maxLength: 3 }),
          ),
          { maxLength: 6 },
        ),
        fc.nat({ max: 3 }),
        fc.constantFrom('', 'z', '\\x0'),
      )
      .map(([parts, nuls, after]) => parts.join('') + '\\x00'.repeat(nuls) + (nuls > 0 ? after : ''));
    // An id is the entry's nsecs: a few digits, or up to a u64's 20 (a machine up for years), or past them (refused).
    const id = fc.oneof(
      fc.nat({ max: 3 }).map(String),
      fc.constantFrom('12', '123'),
      fc.bigInt({ min: 10n ** 15n, max: 10n ** 21n }).map(String),
      fc.constantFrom('', '0x1', '07'),
    );
    // A call's lines: FILE (or two, or none), its arguments, EXEC with a result, a count that may not match and the
    // flag of more; then in the order bpftrace printed them, or moved (a return read before its entry's lines).
    const call = fc
      .record({
        id,
        pid: fc.constantFrom('7', '8'),
        args: fc.array(printed, { maxLength: 3 }),
        files: fc.array(printed, { maxLength: 2 }),
        retval: fc.constantFrom('0', '-2', '-13'),
        extra: fc.constantFrom(0, 0, 1, -1),
        more: fc.constantFrom('0', '0', '1'),
        comm: printed,
        moves: fc.array(fc.nat(), { maxLength: 2 }),
      })
      .map(({ id, pid, args, files, retval, extra, more, comm, moves }) => {
        const lines = [
          ...files.map((f) => `FILE\t${pid}\t${id}\t${f}`),
          ...args.map((a) => `ARG\t${pid}\t${id}\t${a}`),
          `EXEC\t${pid}\t${id}\t1\t0\t${retval}\t${Math.max(0, args.length + extra)}\t${more}\t${comm}`,
        ];
        for (const m of moves) lines.splice(m % lines.length, 0, lines.pop()!);
        return lines;
      });
    // Calls one after another, or their lines interleaved (two CPUs), and now and then a byte that is not UTF-8.
    const input = fc.tuple(fc.array(call, { maxLength: 4 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 2 })).map(([calls, interleave, raw]) => {
      const lines = interleave
        ? calls
            .flatMap((c, i) => c.map((line, j) => ({ line, at: j * calls.length + i })))
            .sort((a, b) => a.at - b.at)
            .map((l) => l.line)
        : calls.flat();
      const bytes = lines.map((line) => Buffer.from(line));
      for (const r of raw) if (bytes.length > 0) bytes[r % bytes.length] = Buffer.concat([bytes[r % bytes.length]!, Buffer.from([0xff])]);
      return Buffer.concat([Buffer.from('PROBECTL execsnoop v1\n'), ...bytes.flatMap((b) => [b, Buffer.from('\n')])]);
    });
    fc.assert(
      fc.property(input, fc.array(fc.nat(), { maxLength: 4 }), (bytes, points) => {
        const [viaBytes, objects] = bothPaths(execsnoopParser, 'execsnoop', bytes, points);
        assert.equal(viaBytes, objects);
      }),
      { numRuns: 600 },
    );
  });

  it("gives a call kept as JSON text as a body when the output does not take its bytes: the text path's body", () => {
    const program = readFileSync(join(repoRoot, 'recordings', 'execsnoop', 'probectl', 'stdout'));
    const bodies = (declines: boolean): string[] => {
      const out: string[] = [];
      const output: ParserOutput = {
        event: (_ts, type, body) => void out.push(JSON.stringify({ type, ...body })),
        ...(declines && { json: () => false }),
      };
      const parser = execsnoopParser.create(output);
      for (const line of splitLines(program)) {
        if (parser.lineBytes?.(line, 0, line.length, 1, !isUtf8(line)) !== true) parser.line(decodeBytes(line), 'stdout', 1);
      }
      parser.end(2);
      return out;
    };
    const declined = bodies(true);
    assert.ok(declined.filter((b) => b.includes('"process.exec"')).length >= 7);
    assert.deepEqual(declined, bodies(false));
  });

  it("joins probectl's own program lines into calls after the stock rows, on the byte path as on the text path", () => {
    const stock = readFileSync(join(repoRoot, 'recordings', 'execsnoop', 'libbpf-default', 'stdout'), 'utf8');
    const program = readFileSync(join(repoRoot, 'recordings', 'execsnoop', 'probectl', 'stdout'), 'utf8')
      .split('\n')
      .slice(2)
      .join('\n');
    const [bytes, objects] = bothPaths(execsnoopParser, 'execsnoop', Buffer.from(stock + program), []);
    assert.equal(bytes, objects);
    assert.ok(objects.includes('"filename":'), "the program's calls are joined after the stock rows");
  });
});
