// Which bpftrace features doctor reports, decided from its trial runs: args-struct only where `args.field` compiled and attached.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OneShotResult } from '../../src/core/one-shot.js';
import { featureTrials, provenFeatures, type BpftraceRun } from '../../src/host/bpftrace.js';
import { ARGS_STRUCT, bpftraceFeatureTrials } from '../../src/host/bpftrace-features.js';

const result = (code: number, stdout: string, stderr = ''): OneShotResult => ({
  argv: ['bpftrace', '-e', 'BEGIN { exit(); }'],
  code,
  signal: null,
  stdout,
  stderr,
  timedOut: false,
  timeoutMs: 20_000,
});
const ran = (stdout: string): Pick<BpftraceRun, 'ok' | 'result'> => ({ ok: true, result: result(0, stdout) });
const refused = (stderr: string): Pick<BpftraceRun, 'ok' | 'result'> => ({ ok: false, result: result(1, '', stderr) });

/** The runs in featureTrials' order, by name. */
const runs = (byName: Record<string, Pick<BpftraceRun, 'ok' | 'result'>>) => featureTrials.map((t) => byName[t.name] ?? refused('not tried'));

// What bpftrace 0.17 (Debian 12) prints for the args-struct trial, captured on the lab machine.
const BPFTRACE_017_ARGS =
  "stdin:1:49-54: ERROR: Can not access field 'flags' on type '(ctx) struct _tracepoint_syscalls_sys_enter_openat *'. Try dereferencing it first, or using '->'";
const JSON_OUT = '{"type": "printf", "data": "probectl\\n"}\n';

describe('bpftrace features from the trials', () => {
  it('tries args.field on a tracepoint, the program the generator relies on, and exits once attached', () => {
    const trial = featureTrials.find((t) => t.name === ARGS_STRUCT);
    assert.ok(trial !== undefined);
    assert.ok(trial.program.startsWith(bpftraceFeatureTrials[ARGS_STRUCT]!), trial.program);
    assert.match(trial.program, /BEGIN \{ exit\(\); \}$/);
  });

  it('leaves args-struct out where bpftrace refuses args.field (0.17)', () => {
    assert.deepEqual(provenFeatures(runs({ json: ran(JSON_OUT), strftime: ran('2026\n'), [ARGS_STRUCT]: refused(BPFTRACE_017_ARGS) })), ['json', 'strftime']);
  });

  it('lists args-struct where the trial compiled, attached and exited 0 (0.20+)', () => {
    assert.deepEqual(
      provenFeatures(runs({ json: ran(JSON_OUT), strftime: ran('2026\n'), [ARGS_STRUCT]: ran('Attaching 2 probes...\n\n\n@flags: 524288\n') })),
      ['json', 'strftime', ARGS_STRUCT],
    );
  });

  it('leaves a feature out when its run succeeded but its output does not show it', () => {
    assert.deepEqual(provenFeatures(runs({ json: ran('probectl\n'), strftime: ran('%Y\n'), [ARGS_STRUCT]: ran('') })), [ARGS_STRUCT]);
  });

  it('leaves out a trial that timed out, even with output', () => {
    const late = { ok: false, result: { ...result(0, '2026\n'), code: null, signal: 'SIGTERM' as const, timedOut: true } };
    assert.deepEqual(provenFeatures(runs({ strftime: late })), []);
  });
});
