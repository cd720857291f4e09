// Version parsing for bpftrace and clang, and how bpftrace's errors are cut down to a readable detail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bpftraceErrorText, parseBpftraceVersion } from '../../src/host/bpftrace.js';
import { parseClangVersion } from '../../src/host/clang.js';

test('reads the bpftrace version from its --version line in the forms distributions print', () => {
  assert.equal(parseBpftraceVersion('bpftrace v0.17.0\n'), '0.17.0');
  assert.equal(parseBpftraceVersion('bpftrace v0.21.2-0ubuntu1\n'), '0.21.2');
  assert.equal(parseBpftraceVersion('bpftrace 0.9.4'), '0.9.4');
  assert.equal(parseBpftraceVersion('bpftrace v0.20'), '0.20');
  assert.equal(parseBpftraceVersion('command not found'), undefined);
});

test('reads the clang version from the first line of clang --version', () => {
  assert.equal(parseClangVersion('Debian clang version 14.0.6\nTarget: x86_64-pc-linux-gnu\n'), '14.0.6');
  assert.equal(parseClangVersion('clang version 17.0.6 (Fedora 17.0.6-2.fc39)\n'), '17.0.6');
  assert.equal(parseClangVersion('gcc (Debian 12.2.0-14) 12.2.0'), undefined);
});

test('keeps the attach error of bpftrace 0.17 and drops the memlock notice, the echoed program, its carets and the warning', () => {
  const program = 'kprobe:do_nanosleep { exit(); } BEGIN { exit(); }';
  const stderr = [
    'ERROR: Unknown error -1: couldn\'t set RLIMIT_MEMLOCK for bpftrace. If your program is not loading, you can try "ulimit -l 8192" to fix the problem',
    'stdin:1:1-20: WARNING: do_nanosleep is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail',
    program,
    '~~~~~~~~~~~~~~~~~~~',
    'Attaching 2 probes...',
    'create_probe_event: open(/sys/kernel/debug/tracing/kprobe_events): No such file or directory',
    "ERROR: Error attaching probe: 'kprobe:do_nanosleep'",
    '',
  ].join('\n');
  assert.equal(
    bpftraceErrorText(stderr, program),
    "create_probe_event: open(/sys/kernel/debug/tracing/kprobe_events): No such file or directory; ERROR: Error attaching probe: 'kprobe:do_nanosleep'",
  );
});

test('keeps a warning when it is all bpftrace said', () => {
  assert.equal(bpftraceErrorText('stdin:1:1: WARNING: something odd\n', 'BEGIN {}'), 'stdin:1:1: WARNING: something odd');
});

test('shortens a very long error to a readable detail', () => {
  const text = bpftraceErrorText('ERROR: ' + 'x'.repeat(1000), 'BEGIN {}');
  assert.equal(text.length, 400);
  assert.ok(text.endsWith('...'));
});
