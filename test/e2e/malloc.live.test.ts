// Live: malloc --pid on a program making exactly N mallocs of S bytes and freeing M from one known function: what is still held, the calls, and the pprof profile.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import { repoRoot } from '../recordings.js';
import { liveOrSkip } from '../live.js';
import { startCli } from './cli-process.js';

const N = 1000;
const M = 300;
const S = 48;
const FUNCTION = 'hold_blocks';

function compile(dir: string, flags: string[] = []): string {
  const binary = join(dir, flags.includes('-static') ? 'static-workload' : 'malloc-workload');
  // Frame pointers: bpftrace walks user stacks by them.
  execFileSync('gcc', ['-O1', '-fno-omit-frame-pointer', ...flags, '-o', binary, join(repoRoot, 'test', 'e2e', 'malloc-workload.c')]);
  return binary;
}

const eventsIn = (stdout: string): ProbeEvent[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ProbeEvent);

it(`malloc --pid: ${N} mallocs of ${S} bytes and ${M} frees from ${FUNCTION}() leave ${(N - M) * S} bytes in ${N - M} allocations held there, ${N} malloc calls, and the same in the pprof profile`, {
  timeout: 180_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'probectl-malloc-'));
  try {
    const workload = spawn(compile(dir), [String(N), String(M), String(S), '1500'], { stdio: ['pipe', 'pipe', 'inherit'] });
    t.after(() => workload.kill('SIGKILL'));
    const profile = join(dir, 'inuse.pb.gz');
    const cli = startCli(['run', 'malloc', '--pid', String(workload.pid), '--pprof', profile, '--duration', '120']);
    await cli.ready(1, 90_000);
    workload.stdin.end('g');
    const end = await cli.ended; // the program ends the run: it exits, and the probe's last report is what it held then
    const events = eventsIn(end.stdout);
    assert.equal(end.code, 0, end.stderr);

    // Every report of the process names the held blocks at the known function, once the frees are done: the last one, at its exit.
    const held = events.filter((e): e is EventOf<'memory.outstanding'> => e.type === 'memory.outstanding' && e.pid === workload.pid);
    const ours = held.filter((e) => e.stack[0]?.startsWith(`${FUNCTION}+`));
    t.diagnostic(`held at ${FUNCTION}: ${JSON.stringify(ours.map((e) => [e.bytes, e.allocations, e.stack.slice(0, 2)]))}`);
    const last = ours.at(-1);
    assert.ok(last !== undefined, `a memory.outstanding event for ${FUNCTION}: ${JSON.stringify(held)}`);
    assert.deepEqual([last.bytes, last.allocations], [(N - M) * S, N - M]);
    assert.ok(
      last.stack.some((f) => f.startsWith('main+')),
      `the stack goes on to main: ${JSON.stringify(last.stack)}`,
    );

    const rates = events.filter((e): e is EventOf<'memory.rate'> => e.type === 'memory.rate' && e.pid === workload.pid);
    const sum = (fn: string, key: 'calls' | 'bytes') => rates.filter((e) => e.function === fn).reduce((n, e) => n + e[key], 0);
    assert.deepEqual([sum('malloc', 'calls'), sum('malloc', 'bytes')], [N, N * S], 'malloc calls and bytes over the run');
    assert.deepEqual([sum('free', 'calls'), sum('free', 'bytes')], [M, M * S], 'free calls and the bytes they gave back');

    // go tool pprof (Debian's golang-go) reads the profile: the function holds the bytes and the objects.
    const top = (...flags: string[]) =>
      execFileSync('go', ['tool', 'pprof', '-top', ...flags, profile], { encoding: 'utf8', env: { ...process.env, HOME: dir } });
    const space = top('-sample_index=inuse_space', '-unit=B');
    const objects = top('-sample_index=inuse_objects');
    t.diagnostic(space);
    // pprof -top's columns: flat, flat%, sum%, cum, cum%, function; bytes print as "33600B".
    const row = (flat: string, cum: string, fn: string) => new RegExp(`^\\s+${flat}\\s+\\S+\\s+\\S+\\s+${cum}\\s+\\S+\\s+${fn}$`, 'm');
    assert.match(space, row(`${(N - M) * S}B`, `${(N - M) * S}B`, FUNCTION), `${FUNCTION} holds (N - M) × S bytes itself`);
    assert.match(space, row('\\S+', `${(N - M) * S}B`, 'main'), 'main holds them through it');
    assert.match(objects, row(String(N - M), String(N - M), FUNCTION), `${FUNCTION} holds N - M objects`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('malloc refuses a process without libc (a static binary) with one clear line, exit 2', { timeout: 60_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'probectl-malloc-'));
  try {
    const workload = spawn(compile(dir, ['-static']), ['1', '0', '1', '0'], { stdio: ['pipe', 'ignore', 'inherit'] });
    t.after(() => workload.kill('SIGKILL'));
    try {
      const end = await startCli(['run', 'malloc', '--pid', String(workload.pid)]).ended;
      assert.equal(end.code, 2, end.stderr);
      assert.match(end.stderr, new RegExp(`process ${workload.pid} has no libc mapped \\(a static binary`));
    } finally {
      workload.stdin.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
