// probectl's own process in its bpftrace programs: a guard on its pid where asked, nothing otherwise, and only from a checked number.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { bpftraceProgram } from '../../src/plan/bpftrace-program.js';
import { fillSelfSlots } from '../../src/plan/bpftrace-self-slot.js';
import { readScript, type ScriptVariant } from '../../src/plan/bpftrace-scripts.js';

const generate = (variant: ScriptVariant, selfPid?: number) =>
  bpftraceProgram(readScript('opensnoop', variant), { source: 'scripts-bt/opensnoop.bt', filters: {}, features: [], selfPid });

/** How many enter probes the variant has: each needs the guard. */
const enterProbes = (program: string) => program.split('\n').filter((l) => /^(tracepoint:syscalls:sys_enter_|kprobe:)/.test(l)).length;

describe('bpftrace self slot', () => {
  for (const variant of ['tracepoint', 'kprobe'] as const)
    it(`opensnoop (${variant}): every enter probe returns early for probectl's own pid, right after the filters, naming no struct`, () => {
      const program = generate(variant, 4321);
      const guards = program.split('\n').filter((l) => l.includes('4321'));
      assert.ok(enterProbes(program) > 0);
      assert.equal(guards.length, enterProbes(program));
      for (const g of guards) assert.equal(g.trim(), 'if (pid == 4321) { return; }');
      assert.doesNotMatch(program, /probectl:not-self|curtask/);
    });

  it('with --include-self (no pid), the lines go and nothing tests probectl', () => {
    for (const variant of ['tracepoint', 'kprobe'] as const) {
      const program = generate(variant);
      assert.doesNotMatch(program, /probectl:not-self|pid == \d/);
    }
  });

  it('takes only a positive whole number: anything else is refused, never written into the program', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])
      assert.throws(() => fillSelfSlots('\t// probectl:not-self\n', bad), ProbectlError, String(bad));
    assert.throws(() => fillSelfSlots('\t// probectl:not-self\n', '1) { exit(); } if (1' as unknown as number), ProbectlError);
  });
});
