// The biolatency parser: libbpf-tools' and BCC's log2 histograms (per disk, per flag, -T, -m), stock biolatency.bt's and probectl's program's hist() blocks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { biolatencyParserWith } from '../../src/probes/biolatency/parser.js';
import { eventSchema } from '../../src/probes/registry.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

const names = biolatencyParserWith((major, minor) => (major === 7 && minor === 0 ? 'loop0' : major === 254 && minor === 0 ? 'vda' : undefined));
const bars = (n: number) => `|${'*'.repeat(n).padEnd(40)}|`;

describe('biolatency parser', () => {
  it('reads libbpf-tools -D: one histogram per disk, named by its "disk = NAME\\t" line, counts summed', () => {
    const text =
      [
        'Tracing block device I/O... Hit Ctrl-C to end.',
        '',
        '',
        'disk = vda\t',
        '     usecs               : count    distribution',
        `         0 -> 1          : 0        ${bars(0)}`,
        `         2 -> 3          : 0        ${bars(0)}`,
        `         4 -> 7          : 3        ${bars(40)}`,
        '',
        'disk = loop0\t',
        '     usecs               : count    distribution',
        `         8 -> 15         : 39       ${bars(40)}`,
        `        16 -> 31         : 11       ${bars(11)}`,
        '',
      ].join('\n') + '\n';
    const events = parseText(names, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'block.latency',
        device: 'vda',
        unit: 'usecs',
        buckets: [
          { min: 0, max: 1, count: 0 },
          { min: 2, max: 3, count: 0 },
          { min: 4, max: 7, count: 3 },
        ],
        count: 3,
      },
      {
        type: 'block.latency',
        device: 'loop0',
        unit: 'usecs',
        buckets: [
          { min: 8, max: 15, count: 39 },
          { min: 16, max: 31, count: 11 },
        ],
        count: 50,
      },
    ]);
    assert.deepEqual(layoutsOf(events), ['libbpf', 'libbpf']);
    for (const e of events) eventSchema.parse(e);
  });

  it('reads libbpf-tools -m -T -F: msecs, the clock of the interval, and a histogram per set of flags with no blank line between them', () => {
    const text =
      [
        '',
        '17:58:02',
        'flags = Sync-Write',
        '     msecs               : count    distribution',
        `         0 -> 1          : 11       ${bars(40)}`,
        'flags = PreFlush-Flush',
        '     msecs               : count    distribution',
        `         0 -> 1          : 0        ${bars(0)}`,
        `         2 -> 3          : 1        ${bars(40)}`,
        '',
        '17:58:03',
        'flags = Write',
        '     msecs               : count    distribution',
        `         0 -> 1          : 2        ${bars(40)}`,
      ].join('\n') + '\n';
    assert.deepEqual(
      bodies(parseText(names, text)).map((b) => [b.device, b.flags, b.unit, b.count, b.time]),
      [
        ['all', 'Sync-Write', 'msecs', 11, '17:58:02'],
        ['all', 'PreFlush-Flush', 'msecs', 1, '17:58:02'],
        ['all', 'Write', 'msecs', 2, '17:58:03'],
      ],
    );
  });

  it("reads BCC's histograms (five spaces before distribution, '+' where a bar overflows) and early BCC's \"Bucket disk = 'xvdb'\"", () => {
    const text =
      [
        "Bucket disk = 'xvdb'",
        '     usecs               : count     distribution',
        '       128 -> 255        : 1        |                                        |',
        '       256 -> 511        : 33       |**********************************     +|',
        '',
        '     usecs           : count     distribution',
        '       0 -> 1        : 0        |                                      |',
        '      64 -> 127      : 2        |*                                     |',
      ].join('\n') + '\n';
    const events = parseText(names, text);
    assert.deepEqual(
      bodies(events).map((b) => [b.device, b.count, (b.buckets as unknown[]).length]),
      [
        ['xvdb', 34, 2],
        ['all', 2, 2],
      ],
    );
    assert.deepEqual(layoutsOf(events), ['bcc', 'bcc']);
  });

  it("reads stock biolatency.bt's @usecs hist, K-suffixed bounds as inclusive microseconds, for all disks", () => {
    const text =
      [
        'Attaching 4 probes...',
        'Tracing block device I/O... Hit Ctrl-C to end.',
        '',
        '@usecs:',
        '[128, 256)             2 |@@@@@                                               |',
        '[512, 1K)             10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
        '[1K, 2K)               1 |@@@@@                                               |',
        '',
      ].join('\n') + '\n';
    const events = parseText(names, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'block.latency',
        device: 'all',
        unit: 'usecs',
        buckets: [
          { min: 128, max: 255, count: 2 },
          { min: 512, max: 1023, count: 10 },
          { min: 1024, max: 2047, count: 1 },
        ],
        count: 13,
      },
    ]);
    assert.deepEqual(layoutsOf(events), ['bt']);
  });

  it("reads probectl's program per device: names from major:minor on this host, the numbers kept, the interval's length and queueing from its INTERVAL line", () => {
    const text =
      [
        'PROBECTL biolatency v1',
        '@usecs_dev[7, 0]: ',
        '[8, 16)               41 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
        '',
        '@usecs_dev[8, 16]: ',
        '[64, 128)              4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
        '',
        'INTERVAL\t1001\t1\t1',
        'INTERVAL\t999\t1\t1',
      ].join('\n') + '\n';
    const events = parseText(names, text);
    assert.deepEqual(bodies(events), [
      {
        type: 'block.latency',
        device: 'loop0',
        dev: '7:0',
        unit: 'usecs',
        buckets: [{ min: 8, max: 15, count: 41 }],
        count: 41,
        interval_ms: 1001,
        queued: true,
      },
      {
        type: 'block.latency',
        device: '8:16',
        dev: '8:16',
        unit: 'usecs',
        buckets: [{ min: 64, max: 127, count: 4 }],
        count: 4,
        interval_ms: 1001,
        queued: true,
      },
    ]);
    assert.deepEqual(layoutsOf(events), ['probectl-v1', 'probectl-v1']);
  });

  it('reports an interval without I/O as an empty histogram for all disks, and what a stopped program printed without its INTERVAL line', () => {
    const text =
      ['PROBECTL biolatency v1', 'INTERVAL\t1000\t0\t0', '@usecs: ', '[4, 8)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|'].join(
        '\n',
      ) + '\n';
    assert.deepEqual(bodies(parseText(names, text)), [
      { type: 'block.latency', device: 'all', unit: 'usecs', buckets: [], count: 0, interval_ms: 1000, queued: false },
      { type: 'block.latency', device: 'all', unit: 'usecs', buckets: [{ min: 4, max: 7, count: 2 }], count: 2 },
    ]);
  });

  it('never throws on odd lines: they become diagnostics, and a bucket line out of order ends its histogram', () => {
    const text =
      [
        '     usecs               : count    distribution',
        `         4 -> 7          : 3        ${bars(40)}`,
        `         0 -> 1          : 9        ${bars(40)}`,
        'disk = ',
        'INTERVAL\t5\t0\t0',
        '@usecs_dev[7, 0]:',
        '[4, 8)  x |@@|',
        '\u0000\u00ff garbage',
      ].join('\n') + '\n';
    const events = parseText(names, text);
    assert.deepEqual(
      events.map((e) => e.type),
      ['block.latency', 'tool.diagnostic', 'tool.diagnostic', 'tool.diagnostic', 'tool.diagnostic', 'tool.diagnostic', 'tool.diagnostic'],
    );
    assert.equal((events[0] as { count: number }).count, 3);
    for (const e of events) eventSchema.parse(e);
  });
});
