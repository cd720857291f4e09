// syscount's layouts: probectl's maps turned into per-interval counts with names, the stock tools' tables, stock syscount.bt, and the summary of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { syscountParser } from '../../src/probes/syscount/parser.js';
import { syscountSummary } from '../../src/probes/syscount/summary.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

const lines = (...l: string[]) => l.join('\n') + '\n';
const NAMES = 'SYSCALLS\t0 read 1 write 3 close 110 getppid';

describe('syscount: probectl-v1', () => {
  it('names the numbers from the names line, and reports each interval, whichever generation of the maps it printed', () => {
    const text = lines(
      'Attaching 3 probes...',
      NAMES,
      'PROBECTL syscount v1',
      '@calls0[0]: 1',
      '@calls0[3]: 7',
      '@calls0[110]: 1000',
      '@failed0[3]: 7',
      'INTERVAL\t1001',
      '@calls1[3]: 3',
      '@calls1[999]: 2',
      '',
      '@failed1[3]: 1',
      '',
      'INTERVAL\t999',
      '',
      '',
      'INTERVAL\t1000',
      // At the stop both generations are printed: a key in both adds up.
      '@calls0[110]: 4',
      '@calls1[110]: 6',
      'INTERVAL\t12',
    );
    const events = parseText(syscountParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'syscall.count', interval_ms: 1001, syscall: 'getppid', nr: 110, count: 1000, errors: 0 },
      { type: 'syscall.count', interval_ms: 1001, syscall: 'close', nr: 3, count: 7, errors: 7 },
      { type: 'syscall.count', interval_ms: 1001, syscall: 'read', nr: 0, count: 1, errors: 0 },
      { type: 'syscall.count', interval_ms: 999, syscall: 'close', nr: 3, count: 3, errors: 1 },
      // A number this machine's table does not name keeps its number alone.
      { type: 'syscall.count', interval_ms: 999, nr: 999, count: 2, errors: 0 },
      { type: 'syscall.count', interval_ms: 12, syscall: 'getppid', nr: 110, count: 10, errors: 0 },
    ]);
    assert.deepEqual(events[0]!.source, { impl: 'bpftrace', tool: 'probectl-syscount.bt', layout: 'probectl-v1' });
  });

  it('reads per-process keys (a comm with commas and spaces included) and the time spent', () => {
    const text = lines(
      NAMES,
      'PROBECTL syscount v1',
      '@calls1[42, 110, a, b c]: 5',
      '@calls1[43, 3, pctl-calls]: 2',
      '@failed1[43, 3, pctl-calls]: 2',
      '@ns1[42, 110, a, b c]: 1500',
      'INTERVAL\t1000',
    );
    assert.deepEqual(bodies(parseText(syscountParser, text)), [
      { type: 'syscall.count', interval_ms: 1000, pid: 42, comm: 'a, b c', syscall: 'getppid', nr: 110, count: 5, errors: 0, total_ns: 1500 },
      { type: 'syscall.count', interval_ms: 1000, pid: 43, comm: 'pctl-calls', syscall: 'close', nr: 3, count: 2, errors: 2 },
    ]);
  });

  it('reports the counts of an interval cut short by the end of input, without its length', () => {
    const events = parseText(syscountParser, lines(NAMES, 'PROBECTL syscount v1', '@calls0[110]: 4', '@failed0[110]: 1'));
    assert.deepEqual(bodies(events), [{ type: 'syscall.count', syscall: 'getppid', nr: 110, count: 4, errors: 1 }]);
  });

  it('reads a total past 15 digits exactly, up to 2^53 - 1 (days of a run with many threads waiting), and reports a larger one unparsed, never rounded', () => {
    const text = lines(
      NAMES,
      'PROBECTL syscount v1',
      '@calls0[3]: 3',
      '@ns0[3]: 9007199254740991',
      '@calls0[0]: 1',
      '@ns0[0]: 9007199254740993',
      'INTERVAL\t1000',
    );
    assert.deepEqual(bodies(parseText(syscountParser, text)), [
      { type: 'tool.diagnostic', level: 'unparsed', message: '@ns0[0]: 9007199254740993', stream: 'stdout' },
      { type: 'syscall.count', interval_ms: 1000, syscall: 'close', nr: 3, count: 3, errors: 0, total_ns: 9007199254740991 },
      { type: 'syscall.count', interval_ms: 1000, syscall: 'read', nr: 0, count: 1, errors: 0 },
    ]);
  });

  it('reports broken lines as unparsed, never guessing', () => {
    const broken = [
      '@calls0[x]: 5',
      '@calls0[110]: many',
      '@calls[110]: 5',
      '@start[12]: 5',
      '@constructor[1]: 1',
      'INTERVAL\tsoon',
      '@calls1[1, 2]: 3',
      'SYSCALLS\t0 read 1',
    ];
    const events = parseText(syscountParser, lines(NAMES, 'PROBECTL syscount v1', ...broken));
    assert.deepEqual(
      events.map((e) => e.type === 'tool.diagnostic' && e.level),
      Array(broken.length).fill('unparsed'),
    );
  });
});

describe('syscount: libbpf-tools and BCC tables', () => {
  it('reads each table under its clock line, and a call the tool could not name by its number', () => {
    const text = lines(
      'Tracing syscalls, printing top 8192... Ctrl+C to quit.',
      '[18:06:05]',
      'SYSCALL                   COUNT',
      'getppid                    1000',
      'close                         7',
      '[unknown: 462]                3',
      '',
      '[18:06:06]',
      'SYSCALL                   COUNT',
      'read                   123456789',
      '',
    );
    const events = parseText(syscountParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'syscall.count', time: '18:06:05', syscall: 'getppid', count: 1000 },
      { type: 'syscall.count', time: '18:06:05', syscall: 'close', count: 7 },
      { type: 'syscall.count', time: '18:06:05', nr: 462, count: 3 },
      { type: 'syscall.count', time: '18:06:06', syscall: 'read', count: 123456789 },
    ]);
    assert.deepEqual(events[0]!.source, { impl: 'libbpf', tool: 'syscount', layout: 'libbpf' });
  });

  it('reads the time spent in microseconds (-L) or milliseconds (-L -m), per call or per process (-P), a COMM with spaces included', () => {
    const latency = lines('[10:00:00]', 'SYSCALL                   COUNT        TIME (us)', 'futex                      1642      4301720.523');
    assert.deepEqual(bodies(parseText(syscountParser, latency)), [
      { type: 'syscall.count', time: '10:00:00', syscall: 'futex', count: 1642, total_ns: 4301720523 },
    ]);
    const perProcess = lines(
      '[10:00:01]',
      'PID    COMM               COUNT        TIME (ms)',
      '3239   node                1481         2355.968',
      '858    memfd:sealed-91       59          954.116',
      '1234567 Web Content        2            0.001',
    );
    const events = parseText(syscountParser, perProcess);
    assert.deepEqual(bodies(events), [
      { type: 'syscall.count', time: '10:00:01', pid: 3239, comm: 'node', count: 1481, total_ns: 2355968000 },
      { type: 'syscall.count', time: '10:00:01', pid: 858, comm: 'memfd:sealed-91', count: 59, total_ns: 954116000 },
      { type: 'syscall.count', time: '10:00:01', pid: 1234567, comm: 'Web Content', count: 2, total_ns: 1000 },
    ]);
    assert.deepEqual(layoutsOf(events), ['libbpf-PLm', 'libbpf-PLm', 'libbpf-PLm']);
  });

  it('counts every row as failed under -x, which the plan names (libbpf-x) or BCC says in its banner', () => {
    const table = lines('[10:00:00]', 'SYSCALL                   COUNT', 'close                         7');
    assert.deepEqual(bodies(parseText(syscountParser, table)), [{ type: 'syscall.count', time: '10:00:00', syscall: 'close', count: 7 }]);
    const forced = parseText(syscountParser, table, { layout: 'libbpf-x' });
    assert.deepEqual(bodies(forced), [{ type: 'syscall.count', time: '10:00:00', syscall: 'close', count: 7, errors: 7 }]);
    assert.deepEqual(layoutsOf(forced), ['libbpf-x']);
    const bcc = parseText(syscountParser, lines('Tracing failed syscalls, printing top 10... Ctrl+C to quit.') + table + 'Detaching...\n', { layout: 'bcc' });
    assert.deepEqual(bodies(bcc), [{ type: 'syscall.count', time: '10:00:00', syscall: 'close', count: 7, errors: 7 }]);
    assert.deepEqual(layoutsOf(bcc), ['bcc-x']);
  });

  it('reports a row that does not fit the header as unparsed', () => {
    const text = lines('SYSCALL                   COUNT        TIME (us)', 'futex                      1642', 'futex   x   12.5');
    assert.deepEqual(
      parseText(syscountParser, text).map((e) => e.type === 'tool.diagnostic' && e.level),
      ['unparsed', 'unparsed'],
    );
  });
});

describe('syscount: stock syscount.bt', () => {
  it('reads the top calls by number and the top processes by name', () => {
    const text = lines(
      'Attaching 3 probes...',
      'Counting syscalls... Hit Ctrl-C to end.',
      '',
      'Top 10 syscalls IDs:',
      '@syscall[231]: 1',
      '@syscall[110]: 1000',
      '',
      'Top 10 processes:',
      '@process[pctl-calls]: 1009',
      '@process[kworker/u4:1]: 3',
    );
    const events = parseText(syscountParser, text);
    assert.deepEqual(bodies(events), [
      { type: 'syscall.count', nr: 231, count: 1 },
      { type: 'syscall.count', nr: 110, count: 1000 },
      { type: 'syscall.count', comm: 'pctl-calls', count: 1009 },
      { type: 'syscall.count', comm: 'kworker/u4:1', count: 3 },
    ]);
    assert.deepEqual(new Set(layoutsOf(events)), new Set(['bt']));
  });
});

describe('syscount in the summary', () => {
  const event = (body: Partial<EventOf<'syscall.count'>>) =>
    ({ type: 'syscall.count', ts: 1, probe: 'syscount', count: 0, ...body }) as EventOf<'syscall.count'>;

  it('adds up each call over intervals and processes, with its error rate where the tool told failures', () => {
    const tally = syscountSummary.tally({ top: 2 });
    const add = tally.handlers['syscall.count'];
    add(event({ syscall: 'getppid', nr: 110, count: 1000, errors: 0, pid: 7, comm: 'a' }));
    add(event({ syscall: 'close', nr: 3, count: 8, errors: 6, pid: 7, comm: 'a', total_ns: 2000 }));
    add(event({ syscall: 'close', nr: 3, count: 2, errors: 0, pid: 8, comm: 'b', total_ns: 500 }));
    add(event({ syscall: 'read', count: 5 })); // a stock tool without -x: no failures told
    const report = tally.report({ top: 2, flowAt: () => undefined });
    assert.equal(report.calls, 1015);
    assert.equal(report.errors, 6);
    assert.deepEqual(report.by_syscall, [
      { syscall: 'getppid', nr: 110, calls: 1000, errors: 0, errors_known: 1000, error_pct: 0 },
      { syscall: 'close', nr: 3, calls: 10, errors: 6, errors_known: 10, error_pct: 60, total_ns: 2500 },
    ]);
    assert.deepEqual(report.other_syscalls, { calls: 5, errors: 0 });
    assert.deepEqual(report.by_process, [
      { pid: 7, comm: 'a', calls: 1008, errors: 6 },
      { pid: 8, comm: 'b', calls: 2, errors: 0 },
    ]);
    const [section] = syscountSummary.sections(report);
    assert.equal(section!.total, 1015);
    assert.deepEqual(
      section!.tables[0]!.rows.map((r) => [r.syscall, r.rate]),
      [
        ['getppid', '0%'],
        ['close', '60%'],
      ],
    );
  });

  it('has no section when nothing was counted', () => {
    const tally = syscountSummary.tally({ top: 10 });
    assert.deepEqual(syscountSummary.sections(tally.report({ top: 10, flowAt: () => undefined })), []);
  });
});
