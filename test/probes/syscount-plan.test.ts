// Planning syscount: probectl's program with the options it keeps, this machine's call names and the interval; the stock tools' flags; nothing runs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { planProbe, type BackendChoice } from '../../src/plan/catalog.js';
import type { Filters } from '../../src/plan/filters.js';
import { syscountOptionsSchema } from '../../src/probes/syscount/options.js';
import { syscountProbe } from '../../src/probes/syscount/probe.js';
import { keepWhen, namesStatement } from '../../src/probes/syscount/program.js';
import { parseUnistd, readSyscallTable } from '../../src/probes/syscount/syscall-table.js';
import { checkProbeOptions } from '../../src/run/probe-options.js';
import { labFacts } from '../plan/host-facts.js';
import { labTracefs } from '../plan/tracefs-fixture.js';

const tracefs = labTracefs({ 'raw_syscalls/sys_enter': 'name: sys_enter\n', 'raw_syscalls/sys_exit': 'name: sys_exit\n' });
const table = () => ({
  source: 'unistd_64.h',
  names: new Map([
    [0, 'read'],
    [3, 'close'],
    [110, 'getppid'],
  ]),
});
const probe = syscountProbe(tracefs, table);
const facts = () => {
  const f = labFacts();
  f.libbpf.tools.syscount = '/usr/sbin/syscount';
  return f;
};
const settings = (raw: Record<string, unknown> = {}) => ({ syscount: syscountOptionsSchema.parse(raw) });
const plan = (choice: BackendChoice, filters: Filters = {}, raw: Record<string, unknown> = {}) => planProbe(probe, choice, filters, facts(), settings(raw));

describe('syscount plans', () => {
  it("auto runs probectl's program: names printed once, per call, no time, a 1 s interval, the filters in place", () => {
    const planned = plan('auto', { pid: 42, comm: 'pctl-calls', failed: true });
    assert.equal(planned.backend, 'bpftrace');
    assert.equal(planned.layout, 'probectl-v1');
    assert.deepEqual(planned.argv, ['/usr/bin/bpftrace', '-e', planned.script]);
    assert.deepEqual(planned.env, { BPFTRACE_MAP_KEYS_MAX: '65536' });
    const script = planned.script!;
    assert.match(script, /printf\("SYSCALLS\\t0 read 3 close 110 getppid\\n"\);/);
    assert.match(script, /^interval:s:1$/m);
    assert.match(script, /if \(!\(\$pid == 42 && \$comm == "pctl-calls" && \$failed != 0\)\) \{ return; \}/);
    assert.match(script, /@calls0\[\$id\] = count\(\);/);
    assert.match(script, /@calls1\[\$id\] = count\(\);/);
    assert.doesNotMatch(script, /probectl:|sys_enter|@ns|@start|@calls[01]\[pid/);
  });

  it('keeps the per-process keys, the entry probe and the time spent when asked, and sets the interval', () => {
    const script = plan('bpftrace', {}, { perProcess: true, latency: true, interval: '5' }).script!;
    assert.match(script, /^tracepoint:raw_syscalls:sys_enter$/m);
    assert.match(script, /@calls0\[pid, \$id, comm\] = count\(\);/);
    assert.match(script, /@ns1\[pid, \$id, comm\] = sum\(nsecs - \$start\);/);
    assert.match(script, /^interval:s:5$/m);
    assert.doesNotMatch(script, /probectl:|@calls[01]\[\$id\]|@ns[01]\[\$id\]/);
  });

  it('gives libbpf-tools and BCC every row each interval, -L and -P as asked, and -x under --failed, which names its layout', () => {
    assert.deepEqual(plan('libbpf', { pid: 42 }).argv, ['stdbuf', '-oL', '/usr/sbin/syscount', '-p', '42', '-i', '1', '-T', '8192']);
    const failed = plan('libbpf', { pid: 42, failed: true }, { latency: true, perProcess: true, interval: 2 });
    assert.deepEqual(failed.argv, ['stdbuf', '-oL', '/usr/sbin/syscount', '-p', '42', '-x', '-i', '2', '-T', '8192', '-L', '-P']);
    assert.equal(failed.layout, 'libbpf-x');
    assert.equal(plan('libbpf').layout, undefined);
    assert.match('Tracing syscalls, printing top 8192... Ctrl+C to quit.\n', failed.ready);
  });

  it('refuses --comm on the stock tools, and filters no probe counts by', () => {
    const refused = (choice: BackendChoice, filters: Filters) => () => plan(choice, filters);
    assert.throws(refused('libbpf', { comm: 'x' }), (e) => e instanceof ProbectlError && e.code === 'UNSUPPORTED_FILTER');
    assert.throws(refused('auto', { port: 80 }), (e) => e instanceof ProbectlError && /not by address or port/.test(`${e.message} ${e.suggestion}`));
  });

  it('checks its options: whole seconds, shared --interval with xdpcount', () => {
    assert.deepEqual(checkProbeOptions(['syscount'], { interval: '3', latency: true }), { syscount: { interval: 3, perProcess: false, latency: true } });
    assert.throws(() => checkProbeOptions(['syscount'], { interval: '0.5' }), /syscount --interval must be a whole number of seconds/);
    assert.throws(() => checkProbeOptions(['opensnoop'], { perProcess: true }), /--per-process is an option of syscount/);
  });
});

describe("syscount.bt's markers", () => {
  const script = [
    'BEGIN',
    '{',
    '\t@a = 1; // probectl:when latency',
    '\t@b = 1; // probectl:when !latency per-process',
    '}',
    '',
    '// probectl:when latency',
    'tracepoint:x:y',
    '{',
    '\t@c = 1;',
    '}',
    '',
    'END',
    '{',
    '}',
  ].join('\n');

  it('keeps a marked statement or probe only when every condition holds, without its marker', () => {
    assert.equal(
      keepWhen(script, { interval: 1, latency: true, perProcess: true }),
      ['BEGIN', '{', '\t@a = 1;', '}', '', 'tracepoint:x:y', '{', '\t@c = 1;', '}', '', 'END', '{', '}'].join('\n'),
    );
    assert.equal(keepWhen(script, { interval: 1, latency: false, perProcess: true }), ['BEGIN', '{', '\t@b = 1;', '}', '', 'END', '{', '}'].join('\n'));
  });

  it('puts only identifiers into the names line', () => {
    assert.equal(
      namesStatement(
        new Map([
          [1, 'write'],
          [0, 'read'],
          [9, 'bad"name'],
          [7, '%s'],
        ]),
        '\t',
      ),
      '\tprintf("SYSCALLS\\t0 read 1 write\\n");',
    );
  });
});

describe('the syscall table', () => {
  it("reads x86-64's unistd_64.h, and the generic table's __NR3264 aliases (arm64)", () => {
    const x86 = '#ifndef _ASM_UNISTD_64_H\n#define __NR_read 0\n#define __NR_getppid 110\n#define __NR_futex_waitv 449\n#endif\n';
    assert.deepEqual(
      [...parseUnistd(x86)],
      [
        [0, 'read'],
        [110, 'getppid'],
        [449, 'futex_waitv'],
      ],
    );
    const generic =
      '#define __NR3264_fcntl 25\n__SC_COMP_3264(__NR3264_fcntl, sys_fcntl64, sys_fcntl, compat_sys_fcntl64)\n#define __NR_getppid 173\n' +
      '#undef __NR_syscalls\n#define __NR_syscalls 451\n#define __NR_fcntl __NR3264_fcntl\n#define __NR_fcntl64 __NR3264_fcntl\n';
    assert.deepEqual(
      [...parseUnistd(generic)],
      [
        [173, 'getppid'],
        [25, 'fcntl'],
      ],
    );
  });

  it('takes the first readable file, and none when no file has a table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pctl-unistd-'));
    try {
      writeFileSync(join(dir, 'empty.h'), '/* nothing */\n');
      writeFileSync(join(dir, 'unistd_64.h'), '#define __NR_getppid 110\n');
      assert.deepEqual(readSyscallTable([join(dir, 'missing.h'), join(dir, 'empty.h'), join(dir, 'unistd_64.h')]), {
        source: join(dir, 'unistd_64.h'),
        names: new Map([[110, 'getppid']]),
      });
      assert.equal(readSyscallTable([join(dir, 'empty.h')]), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
