import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planProbe } from '../../src/plan/catalog.js';
import { execsnoopOptionsSchema } from '../../src/probes/execsnoop/options.js';
import { execsnoopShapes } from '../../src/probes/execsnoop/layouts.js';
import { execsnoopParser } from '../../src/probes/execsnoop/parser.js';
import { parseExecsnoopRow } from '../../src/probes/execsnoop/row.js';
import { execsnoopProbe } from '../../src/probes/execsnoop/probe.js';
import { execsnoopSummary } from '../../src/probes/execsnoop/summary.js';
import { TableSink } from '../../src/sinks/table.js';
import { PassThrough } from 'node:stream';
import type { ProbeEvent } from '../../src/events/index.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';
import { labFacts } from '../plan/host-facts.js';
import { labTracefs } from '../plan/tracefs-fixture.js';

const text = (...lines: string[]) => lines.join('\n') + '\n';
const pad = (s: string) => s + '\\x00'.repeat(4);

describe('execsnoop parser: libbpf-tools', () => {
  it('splits -q arguments exactly: spaces, escaped quotes, \\t and \\n, a byte that is not UTF-8, an empty one', () => {
    const events = parseText(
      execsnoopParser,
      Buffer.concat([
        Buffer.from('PCOMM            PID    PPID   RET ARGS\npctl-x           100    99       0 "/bin/true" "a b" "q\\"u" "t\\tn\\nx" "'),
        Buffer.from([0xff]),
        Buffer.from('" "" \nbash             101    99      -2 "/nope" "x" \n'),
      ]),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', comm: 'pctl-x', pid: 100, ppid: 99, retval: 0, args: ['/bin/true', 'a b', 'q"u', 't\tn\nx', '\\xff', ''] },
      { type: 'process.exec', comm: 'bash', pid: 101, ppid: 99, retval: -2, errno: 2, args: ['/nope', 'x'] },
    ]);
    assert.deepEqual(layoutsOf(events), ['libbpf-q', 'libbpf-q']);
  });

  it('keeps -q text whole and marked when a backslash leaves two readings, and reads one that leaves one', () => {
    // "a\" "b" is ["a\", "b"] or the one argument 'a" "b': libbpf does not escape backslashes.
    const events = parseText(
      execsnoopParser,
      text('PCOMM            PID    PPID   RET ARGS', 'x                1      0        0 "a\\" "b" ', 'x                2      0        0 "end\\" '),
    );
    assert.deepEqual(
      bodies(events).map((e) => [e.args, e.args_joined]),
      [
        [['"a\\" "b" '], true],
        [['end\\'], undefined],
      ],
    );
  });

  it('marks " ..." (more than --max-args) as truncated, and libbpf -q opening a quote for the argument past it', () => {
    const events = parseText(
      execsnoopParser,
      text(
        'PCOMM            PID    PPID   RET ARGS',
        'x                1      0        0 "/bin/x" "a" " ...',
        'y                2      0        0 /bin/y a  ...',
      ),
    );
    assert.deepEqual(
      bodies(events).map((e) => [e.args, e.args_joined, e.args_truncated]),
      [
        [['/bin/x', 'a'], undefined, true],
        [['/bin/y a'], true, true],
      ],
    );
  });

  it('without -q, never splits at spaces: one argument when there is no space, else the text marked as joined', () => {
    const events = parseText(
      execsnoopParser,
      text('PCOMM            PID    PPID   RET ARGS', 'tbl              7      6        0 /usr/bin/tbl ', 'ls               8      6        0 /bin/ls -l a b '),
    );
    assert.deepEqual(
      bodies(events).map((e) => [e.args, e.args_joined]),
      [
        [['/usr/bin/tbl'], undefined],
        [['/bin/ls -l a b'], true],
      ],
    );
  });

  it('without -q, marks a row cut by a newline inside an argument truncated, and reports the rest of it as a line it could not read', () => {
    const events = parseText(execsnoopParser, text('PCOMM            PID    PPID   RET ARGS', 'true             5      4        0 /bin/true nl', 'x '));
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', comm: 'true', pid: 5, ppid: 4, retval: 0, args: ['/bin/true nl'], args_joined: true, args_truncated: true },
      { type: 'tool.diagnostic', level: 'unparsed', message: 'x ', stream: 'stdout' },
    ]);
  });

  it('reads -TtU, whose UID and TIME(s) rows are a column narrower than their header, and a TIME(s) past 9999 s', () => {
    const events = parseText(
      execsnoopParser,
      text(
        'TIME     TIME(s)  UID    PCOMM            PID    PPID   RET ARGS',
        '18:12:20 0.341   1000  mkdir            2661   31304    0 /usr/bin/mkdir ',
        `18:12:21 12345.678100000${'sh'.padEnd(16)} 1      0        0 /bin/sh `,
      ),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', time: '18:12:20', elapsed_s: 0.341, uid: 1000, comm: 'mkdir', pid: 2661, ppid: 31304, retval: 0, args: ['/usr/bin/mkdir'] },
      { type: 'process.exec', time: '18:12:21', elapsed_s: 12345.678, uid: 100000, comm: 'sh', pid: 1, ppid: 0, retval: 0, args: ['/bin/sh'] },
    ]);
    assert.deepEqual(layoutsOf(events), ['libbpf-TtU', 'libbpf-TtU']);
  });

  it('reads the shortest lines its loose match takes as rows, and a character less as none (the length check before the regex)', () => {
    for (const shape of execsnoopShapes.filter((s) => s.impl !== 'bpftrace' && !s.quote && !s.time && !s.timestamp && !s.uid)) {
      const shortest = shape.ppid ? ' 1 ? 1 ' : ' 1 1 ';
      assert.deepEqual(parseExecsnoopRow(shortest, shape)?.pid, 1, `${shape.impl}${shape.ppid ? '' : ' without PPID'}: ${JSON.stringify(shortest)}`);
      for (const shorter of [shortest.slice(1), shortest.slice(0, -1), 'x ', ''])
        assert.equal(parseExecsnoopRow(shorter, shape), undefined, `${shape.impl}: ${JSON.stringify(shorter)}`);
    }
  });
});

describe('execsnoop parser: BCC and execsnoop.bt', () => {
  it('reads BCC 0.26 (PID and PPID seven wide, "?" for a parent gone), -q with its "..." argument past --max-args', () => {
    const args = ['"/bin/x"', ...Array.from({ length: 19 }, (_, i) => `"${i}"`), '"..."'].join(' ');
    const events = parseText(
      execsnoopParser,
      text(
        'PCOMM            PID     PPID    RET ARGS',
        `x                1234567 ?         0 ${args}`,
        'y                12      11      -13 "/tmp/a b" "q\\"u"',
      ),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', comm: 'x', pid: 1234567, retval: 0, args: ['/bin/x', ...Array.from({ length: 19 }, (_, i) => String(i))], args_truncated: true },
      { type: 'process.exec', comm: 'y', pid: 12, ppid: 11, retval: -13, errno: 13, args: ['/tmp/a b', 'q"u'] },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc-q', 'bcc-q']);
  });

  it('reads early BCC without PPID, and with -U', () => {
    const events = parseText(
      execsnoopParser,
      text(
        'COMM             PID    RET ARGS',
        'bash             15887    0 /usr/bin/man ls',
        'UID   COMM             PID    PPID   RET ARGS',
        '1000  ls               171318 133702   0 /bin/ls --color=auto',
      ),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', comm: 'bash', pid: 15887, retval: 0, args: ['/usr/bin/man ls'], args_joined: true },
      { type: 'process.exec', uid: 1000, comm: 'ls', pid: 171318, ppid: 133702, retval: 0, args: ['/bin/ls --color=auto'], args_joined: true },
    ]);
    assert.deepEqual(layoutsOf(events), ['bcc-early', 'bcc-early-ppid-U']);
  });

  it('reads execsnoop.bt 0.17 (milliseconds, no PPID) and the newer one (clock with microseconds, PPID)', () => {
    const events = parseText(
      execsnoopParser,
      text('TIME(ms)   PID   ARGS', '1561       23571 /tmp/x arg', 'TIME            PID     PPID    ARGS', '08:57:52.430193 3187374 1971701 ls --color'),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', elapsed_s: 1.561, pid: 23571, args: ['/tmp/x arg'], args_joined: true },
      { type: 'process.exec', time: '08:57:52.430193', pid: 3187374, ppid: 1971701, args: ['ls --color'], args_joined: true },
    ]);
    assert.deepEqual(layoutsOf(events), ['bt', 'bt-ppid']);
  });
});

describe("execsnoop parser: probectl's program", () => {
  it('pairs an EXEC line that arrives before its arguments, and two calls of one pid by their id', () => {
    const events = parseText(
      execsnoopParser,
      text(
        'PROBECTL execsnoop v1',
        `FILE\t10\t500\t${pad('/a')}`,
        `EXEC\t10\t900\t9\t0\t0\t1\t0\t${pad('b')}`,
        `ARG\t10\t500\t${pad('a')}`,
        `EXEC\t10\t500\t9\t0\t-2\t1\t0\t${pad('sh')}`,
        `FILE\t10\t900\t${pad('/b')}`,
        `ARG\t10\t900\t${pad('b')}`,
      ),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', pid: 10, ppid: 9, uid: 0, comm: 'sh', retval: -2, errno: 2, filename: '/a', args: ['a'] },
      { type: 'process.exec', pid: 10, ppid: 9, uid: 0, comm: 'b', retval: 0, filename: '/b', args: ['b'] },
    ]);
    assert.deepEqual(layoutsOf(events), ['probectl-v1', 'probectl-v1']);
  });

  it('decodes %r exactly: \\xNN of a printable byte is literal text, of another byte the byte; a full buffer or more than 32 arguments is truncated', () => {
    const full = 'y'.repeat(7) + '\\x00';
    const events = parseText(
      execsnoopParser,
      text('PROBECTL execsnoop v1', `ARG\t3\t1\t${pad('a\\x41 \\x0a"q\\\\xff')}`, `ARG\t3\t1\t${full}`, `EXEC\t3\t1\t2\t1000\t0\t2\t1\t${pad('t')}`),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', pid: 3, ppid: 2, uid: 1000, comm: 't', retval: 0, args: ['a\\x41 \n"q\\\\xff', 'yyyyyyy'], args_truncated: true },
    ]);
  });

  it("pairs calls by an id past 15 digits: the entry's nsecs on a machine up for more than 11.6 days, up to a u64's 20", () => {
    const ids = ['1221642680563012', '18446744073709551615'];
    const events = parseText(
      execsnoopParser,
      text(
        'PROBECTL execsnoop v1',
        ...ids.flatMap((id, i) => [`FILE\t7\t${id}\t${pad('/bin/true')}`, `ARG\t7\t${id}\t${pad(`a${i}`)}`, `EXEC\t7\t${id}\t1\t0\t0\t1\t0\t${pad('true')}`]),
        `ARG\t8\t184467440737095516150\t${pad('x')}`,
      ),
    );
    assert.deepEqual(bodies(events), [
      { type: 'process.exec', pid: 7, ppid: 1, uid: 0, comm: 'true', retval: 0, filename: '/bin/true', args: ['a0'] },
      { type: 'process.exec', pid: 7, ppid: 1, uid: 0, comm: 'true', retval: 0, filename: '/bin/true', args: ['a1'] },
      { type: 'tool.diagnostic', level: 'unparsed', message: `ARG\t8\t184467440737095516150\t${pad('x')}`, stream: 'stdout' },
    ]);
  });

  it('with 4,096 calls in flight, drops the older half to open another: those whose return was seen are emitted then, truncated', () => {
    // 4,096 returns whose one argument never arrives, then a call that opens and completes.
    const waiting = Array.from({ length: 4096 }, (_, i) => `EXEC\t${i + 1}\t1\t1\t0\t0\t1\t0\t${pad('t')}`);
    const events = parseText(execsnoopParser, text('PROBECTL execsnoop v1', ...waiting, `FILE\t9\t2\t${pad('/x')}`, `EXEC\t9\t2\t1\t0\t0\t0\t0\t${pad('x')}`));
    const pids = events.map((e) => (e as { pid: number }).pid);
    const older = Array.from({ length: 2048 }, (_, i) => i + 1);
    assert.deepEqual(pids, [...older, 9, ...older.map((pid) => pid + 2048)]);
    assert.ok(events.every((e) => (e as { pid: number; args_truncated?: true }).pid === 9 || (e as { args_truncated?: true }).args_truncated === true));
  });

  it('emits, at the end, a call whose return was seen with the arguments that arrived, marked truncated; drops one whose return never came', () => {
    const events = parseText(
      execsnoopParser,
      text('PROBECTL execsnoop v1', `ARG\t4\t1\t${pad('x')}`, `EXEC\t4\t1\t1\t0\t0\t2\t0\t${pad('t')}`, `ARG\t5\t1\t${pad('orphan')}`),
    );
    assert.deepEqual(bodies(events), [{ type: 'process.exec', pid: 4, ppid: 1, uid: 0, comm: 't', retval: 0, args: ['x'], args_truncated: true }]);
  });
});

describe('execsnoop plans', () => {
  const facts = () => {
    const f = labFacts();
    f.libbpf.tools.execsnoop = '/usr/sbin/execsnoop';
    return f;
  };
  const execve = ['syscalls/sys_enter_execve', 'syscalls/sys_exit_execve'];
  const probe = execsnoopProbe(labTracefs(Object.fromEntries(execve.map((tp) => [tp, `name: ${tp}\n`]))));
  const uid = (n: number) => ({ execsnoop: execsnoopOptionsSchema.parse({ uid: String(n) }) });

  it('bpftrace: --pid is the parent, --uid a guard on the caller, and no slot marker is left', () => {
    const plan = planProbe(probe, 'auto', { pid: 77 }, facts(), uid(1000));
    assert.equal(plan.backend, 'bpftrace');
    assert.match(plan.script!, /if \(!\(\$ppid == 77\)\) \{ return; \}/);
    assert.match(plan.script!, /if \(\$uid != 1000\) \{ return; \}/);
    assert.doesNotMatch(plan.script!, /probectl:/);
    assert.equal(plan.argv[2], plan.script);
    assert.deepEqual(plan.env, { BPFTRACE_STRLEN: '96', BPFTRACE_PERF_RB_PAGES: '1024' });
    assert.doesNotMatch(planProbe(probe, 'auto', {}, facts()).script!, /\$uid !=/);
  });

  it('libbpf: always -x and -q, -u for --uid, -n for --comm; it cannot filter by parent or keep failures only', () => {
    const plan = planProbe(probe, 'libbpf', { comm: 'make' }, facts(), uid(0));
    assert.deepEqual(plan.argv, ['stdbuf', '-oL', '/usr/sbin/execsnoop', '-n', 'make', '-x', '-q', '-u', '0']);
    assert.throws(() => planProbe(probe, 'libbpf', { pid: 5 }, facts()), /pid/);
    assert.throws(() => planProbe(probe, 'libbpf', { failed: true }, facts()), /failed/);
  });

  it('refuses a --uid that is not a user id', () => {
    assert.throws(() => planProbe(probe, 'auto', {}, facts(), { execsnoop: { uid: '-1' } }), /uid/);
  });
});

describe('execsnoop summary', () => {
  it('counts execs by parent and command, with failures by errno name', () => {
    const tally = execsnoopSummary.tally({ top: 10 });
    const exec = (ppid: number, comm: string, errno?: number) =>
      ({ type: 'process.exec', ppid, comm, args: [], ...(errno !== undefined && { errno, retval: -errno }) }) as unknown as ProbeEvent & {
        type: 'process.exec';
      };
    for (const e of [exec(1, 'make'), exec(1, 'make'), exec(1, 'make', 2), exec(2, 'cc', 13)]) tally.handlers['process.exec'](e);
    const report = tally.report({ top: 10, flowAt: () => undefined });
    assert.equal(report.total, 4);
    assert.equal(report.failed, 2);
    assert.deepEqual(report.by_parent_command, [
      { ppid: 1, command: 'make', execs: 3, failed: 1, errnos: { ENOENT: 1 } },
      { ppid: 2, command: 'cc', execs: 1, failed: 1, errnos: { EACCES: 1 } },
    ]);
  });
});

describe('execsnoop in a table', () => {
  it('shows each argument quoted, so commas, spaces and newlines inside one neither split it nor the line', () => {
    const events = parseText(
      execsnoopParser,
      text('PROBECTL execsnoop v1', `ARG\t3\t1\t${pad('a,b c')}`, `ARG\t3\t1\t${pad('nl\\x0ax')}`, `EXEC\t3\t1\t2\t0\t0\t2\t0\t${pad('t')}`),
    );
    const out = new PassThrough();
    const sink = new TableSink(out, { probeColumn: false });
    for (const e of events) sink.write(e);
    sink.flush();
    const lines = String(out.read())
      .split('\n')
      .filter((l) => l.includes('"a,b c"'));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, / "a,b c" "nl\\nx" /);
  });
});
