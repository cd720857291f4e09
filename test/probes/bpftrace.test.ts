import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UnknownLayoutError } from '../../src/core/table-parser.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { bpftraceParser } from '../../src/probes/bpftrace/parser.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';
import * as real from './bpftrace-outputs.js';

const parse = (stdout: string | Buffer, options: { layout?: string; stderr?: string } = {}): ProbeEvent[] => parseText(bpftraceParser, stdout, options);
const parseBodies = (stdout: string, options: { layout?: string; stderr?: string } = {}) => bodies(parse(stdout, options));

/** Buckets from [min, max, count] triples, for short expectations. */
const buckets = (...triples: [number | null, number | null, number][]) => triples.map(([min, max, count]) => ({ min, max, count }));
const zeros = (...ranges: [number, number][]) => ranges.map(([min, max]) => ({ min, max, count: 0 }));

/** Frames of a stack part, as the key or value holds them. */
const frames = (...names: string[]) => names.join('\n');

describe('bpftrace parser: text', () => {
  it('reads printf lines, maps, hist, lhist, stats and avg of a real run', () => {
    const events = parse(real.EQ_TEXT);
    assert.deepEqual(bodies(events), [
      { type: 'bpftrace.printf', message: 'hello 3' },
      { type: 'bpftrace.printf', message: 'a' },
      { type: 'bpftrace.printf', message: 'b' },
      { type: 'bpftrace.printf', message: 'no newline end' },
      { type: 'bpftrace.printf', message: '5' },
      { type: 'bpftrace.printf', message: 's' },
      { type: 'bpftrace.printf', message: '(1, 2)' },
      { type: 'bpftrace.map', map: '@', key: [], value: 1 },
      { type: 'bpftrace.map', map: '@a', key: [1, 'x y'], value: 1 },
      { type: 'bpftrace.map', map: '@ak', key: ['x'], value: 3 },
      { type: 'bpftrace.map', map: '@avg', key: [], value: 7 },
      { type: 'bpftrace.map', map: '@e', key: [], value: '' },
      {
        type: 'bpftrace.hist',
        map: '@h',
        key: [],
        buckets: [
          ...buckets([null, -1, 1], [0, 0, 1], [1, 1, 0], [2, 3, 0], [4, 7, 1]),
          ...zeros([8, 15], [16, 31], [32, 63], [64, 127], [128, 255], [256, 511], [512, 1023], [1024, 2047]),
          ...buckets([2048, 4095, 1]),
        ],
      },
      { type: 'bpftrace.hist', map: '@hk', key: ['b c', 2], buckets: buckets([512, 1023, 1]) },
      { type: 'bpftrace.hist', map: '@hk', key: ['d', 3], buckets: buckets([1, 1, 1]) },
      {
        type: 'bpftrace.hist',
        map: '@l',
        key: [],
        buckets: [
          ...buckets([null, -1, 1], [0, 9, 1]),
          ...zeros([10, 19], [20, 29], [30, 39], [40, 49], [50, 59], [60, 69], [70, 79], [80, 89], [90, 99]),
          ...buckets([100, null, 1]),
        ],
      },
      { type: 'bpftrace.hist', map: '@lz', key: [], buckets: [] },
      { type: 'bpftrace.map', map: '@n', key: [], value: -5 },
      { type: 'bpftrace.map', map: '@rec', key: [1], value: '(1, (2, x))' },
      { type: 'bpftrace.stats', map: '@s', key: [], count: 1, average: 10, total: 10 },
      { type: 'bpftrace.stats', map: '@sk', key: [2], count: 1, average: -4, total: -4 },
      { type: 'bpftrace.stats', map: '@sk', key: [1], count: 1, average: 4, total: 4 },
      { type: 'bpftrace.map', map: '@str', key: [], value: 'hello' },
      { type: 'bpftrace.map', map: '@t', key: [], value: '(1, a)' },
      { type: 'bpftrace.map', map: '@x', key: [-1], value: 1 },
    ]);
    assert.ok(events.every((e) => e.source.impl === 'bpftrace' && e.source.tool === 'bpftrace' && e.source.layout === 'text'));
  });

  it('turns K, M and G labels into powers of 1024 and hist(0) and negatives into [0] and (..., 0)', () => {
    const [hist] = parseBodies(real.H0_TEXT);
    const got = (hist as { buckets: { min: number | null; max: number | null; count: number }[] }).buckets.filter((b) => b.count > 0);
    assert.deepEqual(
      got,
      buckets([null, -1, 1], [0, 0, 1], [1, 1, 1], [2, 3, 1], [2048, 4095, 1], [4 * 2 ** 20, 8 * 2 ** 20 - 1, 1], [2 * 2 ** 30, 4 * 2 ** 30 - 1, 1]),
    );
  });

  it('reads lhist labels in K and M, and keeps a bucket-like printf line outside a block as output', () => {
    assert.deepEqual(parseBodies(real.LH_TEXT), [
      { type: 'bpftrace.printf', message: '[1, 2)   3 |@@|' },
      { type: 'bpftrace.hist', map: '@big', key: [], buckets: buckets([2 * 2 ** 20, 3 * 2 ** 20 - 1, 1]) },
      // biome-ignore lint/correctness/noPrecisionLoss: the value bpftrace printed, as JSON.parse reads it
      { type: 'bpftrace.map', map: '@i', key: [], value: -9223372036854775807 },
      { type: 'bpftrace.hist', map: '@l', key: [], buckets: buckets([0, 1023, 1], [1024, 2047, 0], [2048, 3071, 0], [3072, 4095, 0], [4096, 5119, 1]) },
      { type: 'bpftrace.map', map: '@r', key: [], value: -1 },
      { type: 'bpftrace.map', map: '@rec', key: [1], value: '(1, (2, x))' },
      // 0.17 prints ksym values with no newline between entries: "@s[1]: 0x1@s[2]: 0x2"
      { type: 'bpftrace.map', map: '@s', key: [1], value: '0x1' },
      { type: 'bpftrace.map', map: '@s', key: [2], value: '0x2' },
    ]);
  });

  it('makes a stack in a key one part holding its trimmed frames joined by newlines', () => {
    assert.deepEqual(parseBodies(real.STACKS_TEXT), [
      {
        type: 'bpftrace.map',
        map: '@k',
        key: [
          'bpftrace',
          frames(
            '_einittext+1015206663',
            '__bpf_prog_test_run_raw_tp+106',
            'bpf_prog_test_run_raw_tp+279',
            '__sys_bpf+2593',
            '__x64_sys_bpf+29',
            'do_syscall_64+113',
            'entry_SYSCALL_64_after_hwframe+118',
          ),
        ],
        value: 1,
      },
      {
        type: 'bpftrace.map',
        map: '@kp',
        key: [frames('ffffffffc0025d92 _einittext+1015207042', 'ffffffff81f081aa __bpf_prog_test_run_raw_tp+106')],
        value: 1,
      },
      { type: 'bpftrace.map', map: '@us', key: [frames('syscall+25', '0x7ffd66361028')], value: 1 },
      {
        type: 'bpftrace.map',
        map: '@v',
        key: [],
        value: frames(
          '_einittext+1015206790',
          '__bpf_prog_test_run_raw_tp+106',
          'bpf_prog_test_run_raw_tp+279',
          '__sys_bpf+2593',
          '__x64_sys_bpf+29',
          'do_syscall_64+113',
          'entry_SYSCALL_64_after_hwframe+118',
        ),
      },
      { type: 'bpftrace.map', map: '@w', key: [1], value: frames('_einittext+1015206849', '__bpf_prog_test_run_raw_tp+106', 'bpf_prog_test_run_raw_tp+279') },
    ]);
  });

  it('reads two stacks in one key, a hist and stats keyed by a stack, and empty hists and strings', () => {
    assert.deepEqual(parseBodies(real.TWO_TEXT), [
      { type: 'bpftrace.map', map: '@e', key: [], value: '' },
      { type: 'bpftrace.hist', map: '@hk', key: [frames('_einittext+1015206736', '__bpf_prog_test_run_raw_tp+106')], buckets: buckets([2, 3, 1]) },
      { type: 'bpftrace.hist', map: '@lz', key: [], buckets: [] },
      { type: 'bpftrace.stats', map: '@sk', key: ['_einittext+1015206995'], count: 0, average: 0, total: 3 },
      { type: 'bpftrace.stats', map: '@sk', key: ['_einittext+1015206861'], count: 1, average: 0, total: 0 },
      {
        type: 'bpftrace.map',
        map: '@two',
        key: [frames('_einittext+1015206564', '__bpf_prog_test_run_raw_tp+106'), frames('syscall+25', '0x7ffcc12daa38')],
        value: 1,
      },
      { type: 'bpftrace.hist', map: '@z', key: [], buckets: [] },
    ]);
  });

  it('reads a hist header without its trailing space, as the upstream example files print it', () => {
    const text =
      '@usecs:\n[256, 512)             2 |                                                    |\n[512, 1K)             10 |@                                                   |\n\n';
    assert.deepEqual(parseBodies(text), [{ type: 'bpftrace.hist', map: '@usecs', key: [], buckets: buckets([256, 511, 2], [512, 1023, 10]) }]);
  });

  it('ends a hist block at a line that is not a bucket and reads that line', () => {
    const text = '@h: \n[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n@n: 3\nhi\n';
    assert.deepEqual(parseBodies(text), [
      { type: 'bpftrace.hist', map: '@h', key: [], buckets: buckets([4, 7, 1]) },
      { type: 'bpftrace.map', map: '@n', key: [], value: 3 },
      { type: 'bpftrace.printf', message: 'hi' },
    ]);
  });

  it('completes a hist that the input cuts off', () => {
    assert.deepEqual(parseBodies('@h[1]: \n[0]                    4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n'), [
      { type: 'bpftrace.hist', map: '@h', key: [1], buckets: buckets([0, 0, 4]) },
    ]);
  });

  it('reports a bucket past 2^53 as unparsed and keeps the rest of the hist', () => {
    const text = '@h: \n[4P, 8P)               1 |@@@@ |\n[8P, 16P)              1 |@@@@ |\n\n';
    assert.deepEqual(parseBodies(text), [
      { type: 'tool.diagnostic', level: 'unparsed', message: '[8P, 16P)              1 |@@@@ |', stream: 'stdout' },
      { type: 'bpftrace.hist', map: '@h', key: [], buckets: buckets([4 * 2 ** 50, 8 * 2 ** 50 - 1, 1]) },
    ]);
  });

  it('keeps integral key parts as numbers and everything else, leading zeros included, as strings', () => {
    assert.deepEqual(parseBodies('@m[007, -3, 1.5, 0x10, 99999999999999999999]: 5\n'), [
      { type: 'bpftrace.map', map: '@m', key: ['007', -3, '1.5', '0x10', '99999999999999999999'], value: 5 },
    ]);
  });

  it('skips the Attaching banner and reports lost events', () => {
    assert.deepEqual(parseBodies('Attaching 2 probes...\nLost 12 events\n'), [{ type: 'tool.lost', count: 12 }]);
  });

  it('reports a located helper warning and its source lines as warnings, not program output', () => {
    assert.deepEqual(parseBodies(real.HELPER_TEXT), [
      { type: 'tool.diagnostic', level: 'warning', message: 'stdin:1:14-15: WARNING: Failed to probe_read: Bad address (-14)', stream: 'stdout' },
      { type: 'tool.diagnostic', level: 'warning', message: 'BEGIN { $x = *(uint64*)8; printf("%d\\n", $x); @m[1]=$x; exit() }', stream: 'stdout' },
      { type: 'tool.diagnostic', level: 'warning', message: '             ~', stream: 'stdout' },
      { type: 'bpftrace.printf', message: '0' },
      { type: 'bpftrace.map', map: '@m', key: [1], value: 0 },
    ]);
  });

  it('leaves a line after a located warning alone when no caret line confirms it is source', () => {
    assert.deepEqual(parseBodies('stdin:1:14-15: WARNING: Failed to probe_read: Bad address (-14)\n@n: 1\nhello\n'), [
      { type: 'tool.diagnostic', level: 'warning', message: 'stdin:1:14-15: WARNING: Failed to probe_read: Bad address (-14)', stream: 'stdout' },
      { type: 'bpftrace.map', map: '@n', key: [], value: 1 },
      { type: 'bpftrace.printf', message: 'hello' },
    ]);
  });

  it('treats a program printing "ERROR: ..." itself as program output', () => {
    assert.deepEqual(parseBodies('ERROR: disk full\n'), [{ type: 'bpftrace.printf', message: 'ERROR: disk full' }]);
  });

  it('reports a stack key that never closes as unparsed lines', () => {
    assert.deepEqual(parseBodies('@k[\n    do_sys_open+1\nplain output\n'), [
      { type: 'tool.diagnostic', level: 'unparsed', message: '@k[', stream: 'stdout' },
      { type: 'tool.diagnostic', level: 'unparsed', message: '    do_sys_open+1', stream: 'stdout' },
      { type: 'bpftrace.printf', message: 'plain output' },
    ]);
  });

  it('reads lines starting with @ that are not map lines as program output', () => {
    assert.deepEqual(parseBodies('@\n@home is here\n@x:y\n'), [
      { type: 'bpftrace.printf', message: '@' },
      { type: 'bpftrace.printf', message: '@home is here' },
      { type: 'bpftrace.printf', message: '@x:y' },
    ]);
  });

  it('classifies stderr like the table tools: the known harmless line as info, known errors, and any other line as a warning', () => {
    const events = parse('', { stderr: real.ERR_STDERR });
    assert.deepEqual(bodies(events), [
      {
        type: 'tool.diagnostic',
        level: 'info',
        message:
          'ERROR: Unknown error -1: couldn\'t set RLIMIT_MEMLOCK for bpftrace. If your program is not loading, you can try "ulimit -l 8192" to fix the problem',
        stream: 'stderr',
      },
      {
        type: 'tool.diagnostic',
        level: 'error',
        message: "stdin:1:20-26: ERROR: Type mismatch for @: trying to assign value of type 'sum' when map already contains a value of type 'count",
        stream: 'stderr',
      },
      { type: 'tool.diagnostic', level: 'warning', message: 'BEGIN { @=count(); @[1,2]=sum(-3); exit() }', stream: 'stderr' },
      { type: 'tool.diagnostic', level: 'warning', message: '                   ~~~~~~', stream: 'stderr' },
    ]);
    assert.deepEqual(layoutsOf(events), ['text', 'text', 'text', 'text']);
  });

  it('reads bpftrace 0.24 banners on stderr without a diagnostic', () => {
    assert.deepEqual(parseBodies('@n: 1\n', { stderr: 'Attached 3 probes\n' }), [{ type: 'bpftrace.map', map: '@n', key: [], value: 1 }]);
  });
});

describe('bpftrace parser: -f json', () => {
  it('gives the same events as the text output of the same program', () => {
    const json = parse(real.EQ_JSON);
    assert.deepEqual(bodies(json), bodies(parse(real.EQ_TEXT)));
    assert.ok(json.every((e) => e.source.layout === 'json'));
  });

  it('gives the same stacks, lhists, values and split ksym entries as the text output', () => {
    // The addresses of JIT-compiled frames change between runs: compare with them masked.
    const mask = (events: ProbeEvent[]) => JSON.stringify(bodies(events)).replace(/\+10152\d+|0x7ff[0-9a-f]+|ffffffffc[0-9a-f]+/g, '#');
    for (const [text, json] of [
      [real.STACKS_TEXT, real.STACKS_JSON],
      [real.TWO_TEXT, real.TWO_JSON],
      [real.LH_TEXT, real.LH_JSON],
      [real.SYS_TEXT, real.SYS_JSON],
    ] as const) {
      assert.equal(mask(parse(json)), mask(parse(text)));
    }
  });

  it('splits a stack key on its frames exactly as in text', () => {
    const [event] = parseBodies(real.STACKS_JSON);
    assert.deepEqual(event, {
      type: 'bpftrace.map',
      map: '@k',
      key: [
        'bpftrace',
        frames(
          '_einittext+1015206631',
          '__bpf_prog_test_run_raw_tp+106',
          'bpf_prog_test_run_raw_tp+279',
          '__sys_bpf+2593',
          '__x64_sys_bpf+29',
          'do_syscall_64+113',
          'entry_SYSCALL_64_after_hwframe+118',
        ),
      ],
      value: 1,
    });
  });

  it('emits one printf per line of data, joins data without a newline to what follows, and drops blank lines', () => {
    const text = [
      '{"type": "printf", "data": "hello 3\\nsecond\\n\\n"}',
      '{"type": "printf", "data": "count: "}',
      '{"type": "time", "data": "01:55:00\\n"}',
      '{"type": "join", "data": "/bin/echo a b c"}',
      '{"type": "printf", "data": "tail"}',
      '',
    ].join('\n');
    assert.deepEqual(parseBodies(text), [
      { type: 'bpftrace.printf', message: 'hello 3' },
      { type: 'bpftrace.printf', message: 'second' },
      { type: 'bpftrace.printf', message: 'count: 01:55:00' },
      { type: 'bpftrace.printf', message: '/bin/echo a b c' },
      { type: 'bpftrace.printf', message: 'tail' },
    ]);
  });

  it('emits output still waiting for its newline before the next map', () => {
    const text = '{"type": "printf", "data": "x="}\n{"type": "map", "data": {"@q": 1}}\n';
    assert.deepEqual(parseBodies(text), [
      { type: 'bpftrace.printf', message: 'x=' },
      { type: 'bpftrace.map', map: '@q', key: [], value: 1 },
    ]);
  });

  it('keeps the printed order of keys that look like integers', () => {
    const text = '{"type": "map", "data": {"@m": {"2": 2, "1": 0, "10": 5}}}\n';
    assert.deepEqual(
      parseBodies(text).map((e) => e.key),
      [[2], [1], [10]],
    );
  });

  it('reports a helper error as a warning and lost events as tool.lost', () => {
    const events = parse(real.HELPER_JSON + '{"type": "lost_events", "data": {"events": 7}}\n');
    assert.deepEqual(bodies(events), [
      {
        type: 'tool.diagnostic',
        level: 'warning',
        message: '{"type": "helper_error", "helper": "probe_read", "retcode": -14, "line": 1, "col": 14}',
        stream: 'stdout',
      },
      { type: 'bpftrace.printf', message: '0' },
      { type: 'bpftrace.map', map: '@m', key: [1], value: 0 },
      { type: 'tool.lost', count: 7 },
    ]);
    assert.deepEqual(layoutsOf(events), ['json', 'json', 'json', 'json']);
  });

  it('drops the overflowed last bucket of bpftrace 0.17 and reports the line as unparsed', () => {
    const events = bodies(parse(real.BIG_JSON));
    assert.deepEqual(events, [
      { type: 'bpftrace.hist', map: '@h', key: [], buckets: buckets([2 ** 30, 2 ** 31 - 1, 1]) },
      { type: 'tool.diagnostic', level: 'unparsed', message: real.BIG_JSON.split('\n')[3], stream: 'stdout' },
    ]);
    // The text output of the same run has the bucket right.
    assert.deepEqual(parseBodies(real.BIG_TEXT), [
      { type: 'bpftrace.hist', map: '@h', key: [], buckets: buckets([2 ** 30, 2 ** 31 - 1, 1], [2 ** 31, 2 ** 32 - 1, 4]) },
    ]);
  });

  it('splits JSON keys on every comma, as bpftrace joins the parts with a bare comma', () => {
    assert.deepEqual(parseBodies('{"type": "map", "data": {"@y": {"a,b": 2}}}\n'), [{ type: 'bpftrace.map', map: '@y', key: ['a', 'b'], value: 2 }]);
  });

  it('reports a line that is not JSON, has an unknown type or an unexpected shape as unparsed', () => {
    const lines = [
      '{"type": "map", "data": {"@a": 1}',
      '{"type": "surprise", "data": 1}',
      '{"type": "map", "data": [1, 2]}',
      '{"type": "map", "data": {"not a map": 1}}',
      '{"type": "hist", "data": {"@h": [{"min": 0, "max": 1}]}}',
      '{"type": "stats", "data": {"@s": {"count": -1, "average": 0, "total": 0}}}',
      '{"type": "printf", "data": 5}',
      '{"type": "lost_events", "data": {"events": "many"}}',
    ];
    assert.deepEqual(
      parseBodies(lines.join('\n') + '\n'),
      lines.map((message) => ({ type: 'tool.diagnostic', level: 'unparsed', message, stream: 'stdout' })),
    );
  });

  it('keeps a byte that is not UTF-8 as \\xNN, as the text layout does', () => {
    const bytes = Buffer.concat([Buffer.from('{"type": "printf", "data": "a'), Buffer.from([0xff]), Buffer.from('b\\n"}\n')]);
    assert.deepEqual(bodies(parse(bytes)), [{ type: 'bpftrace.printf', message: 'a\\xffb' }]);
    assert.deepEqual(bodies(parse(Buffer.concat([Buffer.from('a'), Buffer.from([0xff]), Buffer.from('b\n')]))), [
      { type: 'bpftrace.printf', message: 'a\\xffb' },
    ]);
  });
});

describe('bpftrace parser: layouts', () => {
  it('switches layout line by line and completes an open text block first', () => {
    const events = parse('@h: \n[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n{"type": "map", "data": {"@n": 2}}\n@n: 3\n');
    assert.deepEqual(bodies(events), [
      { type: 'bpftrace.hist', map: '@h', key: [], buckets: buckets([0, 0, 1]) },
      { type: 'bpftrace.map', map: '@n', key: [], value: 2 },
      { type: 'bpftrace.map', map: '@n', key: [], value: 3 },
    ]);
    assert.deepEqual(layoutsOf(events), ['text', 'json', 'text']);
  });

  it('honours a forced layout: json reports text lines as unparsed, text reads JSON lines as output', () => {
    assert.deepEqual(parseBodies('@n: 3\n', { layout: 'json' }), [{ type: 'tool.diagnostic', level: 'unparsed', message: '@n: 3', stream: 'stdout' }]);
    assert.deepEqual(parseBodies('{"type": "map", "data": {"@n": 2}}\n', { layout: 'text' }), [
      { type: 'bpftrace.printf', message: '{"type": "map", "data": {"@n": 2}}' },
    ]);
  });

  it('refuses an unknown layout name', () => {
    assert.throws(() => parse('', { layout: 'yaml' }), UnknownLayoutError);
  });

  it('never throws and only emits events that pass their schema, whatever the lines', () => {
    const fragment = fc.constantFrom(
      '@',
      '@m',
      '[',
      ']',
      ']: ',
      ': ',
      ', ',
      '\n',
      '    frame+1',
      '\t',
      '(..., ',
      '[4, 8)',
      '[0]',
      ' 1 |@@ |',
      'count 1, average 2, total 3',
      '{"type":',
      ' "map"',
      ' "hist"',
      ' "printf"',
      '"data": ',
      '{',
      '}',
      '"',
      '\\',
      '[',
      '1',
      '-',
      'K',
      'E',
      'stdin:1:2: WARNING: x',
      '~',
    );
    const input = fc.array(fc.oneof(fragment, fc.string({ maxLength: 6 })), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(input, fc.constantFrom(undefined, 'text', 'json'), (text, layout) => {
        const events = parse(text, { layout });
        // A schema failure turns into an error diagnostic from probectl itself.
        assert.ok(events.every((e) => e.source.impl !== 'probectl' || e.type !== 'tool.diagnostic' || e.level !== 'error'));
      }),
      { numRuns: 2000 },
    );
  });
});
