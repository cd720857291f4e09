// The generated bpftrace programs: each filter becomes exactly its guard, optional probes follow the kernel, the kernel's reason names go in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { ARGS_STRUCT } from '../../src/host/bpftrace-features.js';
import { slotFilters } from '../../src/plan/bpftrace-filter-slots.js';
import { bpftraceProgram, type ProgramOptions } from '../../src/plan/bpftrace-program.js';
import { readScript, type ScriptVariant } from '../../src/plan/bpftrace-scripts.js';
import type { Filters } from '../../src/plan/filters.js';
import { parseDropReasons } from '../../src/probes/tcpdrop/drop-reasons.js';
import { KFREE_SKB_FORMAT } from './tracefs-fixture.js';

const generate = (name: string, filters: Filters, variant: ScriptVariant = 'tracepoint', options: Partial<ProgramOptions> = {}) =>
  bpftraceProgram(readScript(name, variant), { source: `scripts-bt/${name}.bt`, filters, features: [], ...options });

/** Every guard line of a program, trimmed. */
const guards = (program: string) =>
  program
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('if (!('));

/** name → filters → the one guard each slot that takes them gets, and how many slots there are. */
const expected: Record<string, [Filters, string, number][]> = {
  tcpretrans: [
    [{ port: 443 }, 'if (!($lport == 443 || $rport == 443)) { return; }', 1],
    [{ lport: 22 }, 'if (!($lport == 22)) { return; }', 1],
    [{ rport: 5001 }, 'if (!($rport == 5001)) { return; }', 1],
    [{ family: 6 }, 'if (!($family == 6)) { return; }', 1],
    [{ port: 80, family: 4 }, 'if (!(($lport == 80 || $rport == 80) && $family == 4)) { return; }', 1],
  ],
  tcpdrop: [
    [{ port: 5001 }, 'if (!($sport == 5001 || $dport == 5001)) { return; }', 1],
    [{ family: 4 }, 'if (!($family == 4)) { return; }', 1],
  ],
  tcplife: [
    [{ pid: 4242 }, 'if (!($pid == 4242)) { return; }', 1],
    [{ comm: 'nginx' }, 'if (!($comm == "nginx")) { return; }', 1],
    [{ port: 443 }, 'if (!($lport == 443 || $rport == 443)) { return; }', 1],
    [{ lport: 8080 }, 'if (!($lport == 8080)) { return; }', 1],
    [{ rport: 5432 }, 'if (!($rport == 5432)) { return; }', 1],
    [{ family: 6 }, 'if (!($family == 6)) { return; }', 1],
    [
      { pid: 1, comm: 'a.b-c:d/e+f_0', port: 1, lport: 2, rport: 3, family: 4 },
      'if (!($pid == 1 && $comm == "a.b-c:d/e+f_0" && ($lport == 1 || $rport == 1) && $lport == 2 && $rport == 3 && $family == 4)) { return; }',
      1,
    ],
  ],
  opensnoop: [
    // one slot per sys_enter probe: open, openat, openat2
    [{ pid: 7 }, 'if (!($pid == 7)) { return; }', 3],
    [{ comm: 'pctl-open' }, 'if (!($comm == "pctl-open")) { return; }', 3],
    [{ failed: true }, 'if (!($errno != 0)) { return; }', 1],
  ],
};

/** The kprobe variants have one sys_enter probe (do_sys_openat2). */
const kprobeSlots = (name: string, count: number) => (name === 'opensnoop' && count === 3 ? 1 : count);

describe('bpftrace programs: each filter becomes exactly its guard', () => {
  for (const [name, cases] of Object.entries(expected)) {
    for (const variant of ['tracepoint', 'kprobe'] as const) {
      for (const [filters, guard, slots] of cases) {
        it(`${variant} ${name} ${JSON.stringify(filters)}: ${guard}`, () => {
          const found = guards(generate(name, filters, variant));
          assert.deepEqual(found, Array(variant === 'kprobe' ? kprobeSlots(name, slots) : slots).fill(guard));
        });
      }
    }
  }

  it('puts the opensnoop filters on entry and the failed filter on return, together', () => {
    const program = generate('opensnoop', { pid: 7, comm: 'x', failed: true });
    assert.deepEqual(guards(program), [
      'if (!($pid == 7 && $comm == "x")) { return; }',
      'if (!($pid == 7 && $comm == "x")) { return; }',
      'if (!($pid == 7 && $comm == "x")) { return; }',
      'if (!($errno != 0)) { return; }',
    ]);
  });

  it('inserts no guard and leaves no marker without filters; failed: false is no filter', () => {
    for (const name of Object.keys(expected)) {
      for (const variant of ['tracepoint', 'kprobe'] as const) {
        const program = generate(name, name === 'opensnoop' ? { failed: false } : {}, variant);
        assert.deepEqual(guards(program), []);
        assert.doesNotMatch(program, /probectl:(filter|optional|reasons)/);
      }
    }
  });

  it('refuses a filter the script has no slot for, naming the ones it has', () => {
    assert.throws(
      () => generate('tcpretrans', { pid: 1 }),
      (e: unknown) =>
        e instanceof ProbectlError && e.code === 'UNSUPPORTED_FILTER' && /--pid/.test(e.message) && /--port, --lport, --rport, --family/.test(e.suggestion),
    );
  });

  it('takes the same filters in both variants of every script', () => {
    for (const name of Object.keys(expected))
      assert.deepEqual([...slotFilters(readScript(name, 'kprobe'))].sort(), [...slotFilters(readScript(name, 'tracepoint'))].sort(), name);
  });
});

describe('bpftrace programs: the rest of the generation', () => {
  it('replaces the header comment with the source it came from', () => {
    const program = generate('tcplife', {});
    assert.equal(program.split('\n')[0], '// generated by probectl from scripts-bt/tcplife.bt');
    assert.doesNotMatch(program, /Sample output|#!\/usr\/bin\/env/);
    assert.match(program, /^BEGIN$/m);
    assert.match(program, /printf\("PROBECTL tcplife v1\\n"\);/);
  });

  it('leaves out open and openat2 where the kernel lacks them, keeping openat', () => {
    const missing = new Set([
      'tracepoint:syscalls:sys_enter_open',
      'tracepoint:syscalls:sys_exit_open',
      'tracepoint:syscalls:sys_enter_openat2',
      'tracepoint:syscalls:sys_exit_openat2',
    ]);
    const program = generate('opensnoop', { comm: 'x' }, 'tracepoint', { hasProbe: (p) => !missing.has(p) });
    assert.doesNotMatch(program, /sys_(enter|exit)_open[,\s]|openat2|open_how/);
    assert.match(program, /^tracepoint:syscalls:sys_enter_openat$/m);
    assert.match(program, /^tracepoint:syscalls:sys_exit_openat$/m);
    assert.equal(guards(program).length, 1);
    // the blocks stay balanced
    assert.equal(program.split('{').length, program.split('}').length);
  });

  it('keeps every probe where the kernel has them all', () => {
    const program = generate('opensnoop', {});
    for (const call of ['open', 'openat', 'openat2']) {
      assert.match(program, new RegExp(`^tracepoint:syscalls:sys_enter_${call}$`, 'm'));
      assert.match(program, new RegExp(`^tracepoint:syscalls:sys_exit_${call},?$`, 'm'));
    }
  });

  it("fills @reason with the running kernel's names and codes", () => {
    const program = generate('tcpdrop', {}, 'tracepoint', { reasons: parseDropReasons(KFREE_SKB_FORMAT) });
    const lines = program
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('@reason['));
    assert.deepEqual(lines, [
      '@reason[0] = "";',
      '@reason[2] = "NOT_SPECIFIED";',
      '@reason[3] = "NO_SOCKET";',
      '@reason[4] = "SOCKET_CLOSE";',
      '@reason[12] = "NETFILTER_DROP";',
      '@reason[128] = "MAX";',
    ]);
    // the names are filled before the ready line
    assert.ok(program.indexOf('NETFILTER_DROP') < program.indexOf('PROBECTL tcpdrop v1'));
  });

  it('reads tracepoint arguments as args.field where bpftrace has the args struct, and as args->field elsewhere', () => {
    const old = generate('tcpretrans', {});
    const current = generate('tcpretrans', {}, 'tracepoint', { features: [ARGS_STRUCT] });
    assert.match(old, /args->family/);
    assert.doesNotMatch(current, /args->/);
    assert.match(current, /args\.family == 10/);
    assert.equal(current, old.replaceAll('args->', 'args.'));
  });
});
