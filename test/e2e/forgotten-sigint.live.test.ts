// Live: bpftrace 0.17 forgetting a stop signal, made to happen with bpftrace's own signal() at the moment its wait for
// events returns on its 100 ms timeout, and probectl ending it with its maps all the same (docs/reliability.md).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import type { ProbePlan } from '../../src/plan/plan.js';
import { bpftraceModule } from '../../src/probes/bpftrace/index.js';
import { ProbeRun } from '../../src/run/probe-run.js';
import { commandName } from '../../src/cli/stdin-writers.js';
import { groupMembers } from '../../src/run/stop.js';
import { liveOrSkip } from '../live.js';
import { repoRoot } from '../recordings.js';
import { until } from './until.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const COUNT_OPENS = `BEGIN { printf("attached\\n"); } tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }`;

/**
 * Runs a second bpftrace that sends `signal` to pid just as pid's epoll_wait returns 0 (its timeout), outside the wait,
 * once, and returns when it has.
 */
function signalOutsideWait(pid: number, signal: 'SIGINT' | 'SIGSTOP'): void {
  const program = `tracepoint:syscalls:sys_exit_epoll_wait /pid == ${pid} && args->ret == 0/ { signal("${signal}"); exit(); }`;
  const trigger = spawnSync('bpftrace', ['--unsafe', '-e', program], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(trigger.status, 0, `the trigger failed: ${trigger.stderr}`);
}

const stateOf = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.slice(0, 1);

it('bpftrace | probectl parse bpftrace: the Ctrl-C bpftrace forgets, probectl turns into SIGTERM, and the map comes out', { timeout: 120_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  const shell = spawn('bash', ['-c', `bpftrace -f json -e '${COUNT_OPENS}' | '${process.execPath}' '${MAIN}' parse bpftrace`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  shell.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  shell.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ended = new Promise<number | null>((resolve) => shell.on('close', (code) => resolve(code)));
  try {
    await until('bpftrace attached', () => stdout.includes('"message":"attached"'), 30_000);
    const members = groupMembers(shell.pid!);
    const bpftrace = members.find((pid) => commandName(pid) === 'bpftrace')!;
    const probectl = members.find((pid) => commandName(pid) === 'node')!;
    // The terminal's Ctrl-C, in two halves: bpftrace's lands outside its wait and is forgotten, probectl's as usual.
    signalOutsideWait(bpftrace, 'SIGINT');
    process.kill(probectl, 'SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(groupMembers(shell.pid!).includes(bpftrace), 'bpftrace ended on that SIGINT: it did not forget it, so this tests nothing');
    const t0 = Date.now();
    const code = await Promise.race([ended, new Promise((r) => setTimeout(() => r('still running 10 s on'), 10_000))]);
    assert.equal(code, 0, stderr);
    t.diagnostic(`ended ${Date.now() - t0} ms after bpftrace was seen still running, 300 ms past the Ctrl-C`);
    assert.match(stderr, /^probectl: bpftrace \(pid \d+\) went on tracing after the Ctrl-C, .*sent it SIGTERM/m);
    assert.match(stdout, /"type":"bpftrace\.map"/);
    assert.match(stderr, /^probectl: \d+ events, \d+ diagnostics/m);
  } finally {
    try {
      process.kill(-shell.pid!, 'SIGKILL');
    } catch {}
  }
});

it('probectl run on bpftrace: a SIGINT it forgets is followed by SIGTERM at once, not after the grace period, and the map is kept', {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const events: ProbeEvent[] = [];
  const plan: ProbePlan = {
    probe: 'bpftrace',
    backend: 'bpftrace',
    argv: ['bpftrace', '-f', 'json', '-e', COUNT_OPENS],
    env: {},
    parser: 'bpftrace',
    impl: 'bpftrace',
    ready: /attached/,
    filters: {},
  };
  const run = new ProbeRun(plan, { host: 'test', validate: true, grace: { int: 10_000, term: 10_000 }, emit: (e) => events.push(e) });
  run.parseWith(bpftraceModule);
  try {
    await until('bpftrace attached', () => run.child.state !== 'starting', 30_000);
    const pid = run.child.pid!;
    // Stopped just outside its wait, it takes the SIGINT of the stop only once continued: outside the wait, forgotten.
    signalOutsideWait(pid, 'SIGSTOP');
    await until('bpftrace stopped', () => stateOf(pid) === 'T', 5000);
    const t0 = Date.now();
    void run.child.stop();
    await new Promise((r) => setTimeout(r, 200));
    process.kill(pid, 'SIGCONT');
    const { sent, exitCode } = await run.done;
    const ms = Date.now() - t0;
    t.diagnostic(`stopped in ${ms} ms: ${sent.join(' → ')}`);
    assert.deepEqual(sent, ['SIGINT', 'SIGTERM']);
    assert.equal(exitCode, 0);
    assert.ok(ms < 5000, `${ms} ms: SIGTERM waited for the grace period (10 s)`);
    const last = events.at(-1);
    assert.equal(last?.type === 'probe.status' && last.message, 'did not stop on SIGINT; stopped with SIGTERM');
    assert.ok(
      events.some((e) => e.type === 'bpftrace.map'),
      'no map',
    );
  } finally {
    run.child.killNow();
  }
});
