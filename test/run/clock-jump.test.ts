// The wall clock stepping days back and forth (libfaketime) while probectl runs or replays: --duration and replay's
// pace keep to monotonic time, event ts stay in order, nothing is dropped.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { repoRoot } from '../recordings.js';
import { makeFakes, statuses, type Fakes } from './fakes.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const DAY = 86_400_000;
const lines = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);

/** libfaketime's library (Debian's faketime package), wherever the architecture puts it. */
function libfaketime(): string | undefined {
  const roots = ['/usr/lib', '/usr/lib64'].filter(existsSync);
  const dirs = roots.flatMap((root) => [join(root, 'faketime'), ...readdirSync(root).map((d) => join(root, d, 'faketime'))]);
  return dirs.map((d) => join(d, 'libfaketime.so.1')).find(existsSync);
}

/** The library, or undefined after skipping the test (failing it when CI=true, where setup.sh installs faketime). */
function faketimeOrSkip(t: TestContext): string | undefined {
  const lib = libfaketime();
  if (lib !== undefined) return lib;
  const reason = 'needs libfaketime (apt-get install faketime; scripts/setup.sh installs it)';
  if (process.env.CI === 'true') assert.fail(`${reason}; CI=true requires this test to run`);
  t.skip(reason);
  return undefined;
}

describe('a wall clock that steps while probectl runs', () => {
  let fakes: Fakes;
  let work: string;
  let spec: string;

  before(() => {
    fakes = makeFakes();
    work = mkdtempSync(join(tmpdir(), 'probectl-clock-'));
    spec = join(work, 'faketime.spec');
    fakes.planFile(work, ['tcplife', 'wallclock']);
  });
  after(() => {
    fakes.remove();
    rmSync(work, { recursive: true, force: true });
  });

  /** Everything started with this env sees the wall clock the spec file says (re-read every second); monotonic time is left alone. */
  const fakedEnv = (lib: string): NodeJS.ProcessEnv => ({
    ...process.env,
    [PLAN_FILE_VARIABLE]: join(work, 'plans.json'),
    LD_PRELOAD: lib,
    FAKETIME_TIMESTAMP_FILE: spec,
    FAKETIME_CACHE_DURATION: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  });

  /** Runs probectl; once `startAt` matches its stdout, sets the clock to each offset at its time (ms later). Times the rest. */
  function withSteps(args: string[], env: NodeJS.ProcessEnv, startAt: RegExp, steps: [number, string][]) {
    writeFileSync(spec, '+0');
    const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let t0: number | undefined;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (t0 === undefined && startAt.test(stdout)) {
        t0 = performance.now();
        for (const [at, offset] of steps) setTimeout(() => writeFileSync(spec, offset), at);
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000); // a pace kept by the wall clock would wait a day
    return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) =>
      child.on('close', (code) => (clearTimeout(guard), resolve({ code, stdout, stderr, ms: performance.now() - (t0 ?? NaN) }))),
    );
  }

  it('--duration: runs 3 s from ready to the end although the clock steps a day back, then two days forward', async (t) => {
    const lib = faketimeOrSkip(t);
    if (lib === undefined) return;
    const result = await withSteps(
      ['run', 'tcplife', 'wallclock', '--duration', '3', '--grace', '0.3'],
      fakedEnv(lib),
      /"state":"ready".*\n.*"state":"ready"/s,
      [
        [200, '-1d'],
        [1600, '+1d'],
      ],
    );
    assert.equal(result.code, 0, result.stderr);
    const events = lines(result.stdout);
    // The clock did step, as the processes in the run saw it.
    const rows = events.flatMap((e) => (e.type === 'bpftrace.printf' && e.message.startsWith('wall ') ? [e.message.split(' ').slice(1).map(Number)] : []));
    const walls = rows.map(([wall]) => wall!);
    const steps = walls
      .slice(1)
      .map((w, i) => w - walls[i]!)
      .filter((d) => Math.abs(d) > DAY / 2);
    t.diagnostic(
      `${Math.round(result.ms)} ms from ready to exit; wall clock steps seen by the probe: ${steps.map((d) => `${d > 0 ? '+' : ''}${(d / DAY).toFixed(2)} d`).join(', ')}`,
    );
    assert.deepEqual(
      steps.map((d) => Math.round(d / DAY)),
      [-1, 2],
      'the wall clock stepped back a day, then forward two',
    );
    // The duration was not cut short by the step forward, nor stretched by the step back.
    assert.ok(result.ms >= 2950 && result.ms < 4500, `${Math.round(result.ms)} ms`);
    // ts: the wall clock at each probe's start plus monotonic time since, so in order and free of the steps.
    for (const probe of ['tcplife', 'wallclock']) {
      const ts = events.filter((e) => e.probe === probe).map((e) => e.ts);
      assert.deepEqual(
        ts,
        [...ts].sort((a, b) => a - b),
        `${probe}: ts in order`,
      );
      assert.ok(ts.at(-1)! - ts[0]! < 5000, `${probe}: ts span ${ts.at(-1)! - ts[0]!} ms`);
      assert.deepEqual(
        statuses(events, probe).map((s) => s.state),
        ['starting', 'ready', 'stopped'],
      );
    }
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    );
    // Every row the probe printed is an event (a busy machine prints fewer in 3 s; none may be missing).
    assert.deepEqual(
      rows.map(([, n]) => n),
      rows.map((_, i) => i + 1),
      'the wallclock rows numbered 1 to N, none missing',
    );
  });

  it('replay --speed 1: keeps the recorded pace although the clock steps a day back, then two days forward', async (t) => {
    const lib = faketimeOrSkip(t);
    if (lib === undefined) return;
    const dir = join(work, 'rec');
    const env = { ...process.env, [PLAN_FILE_VARIABLE]: join(work, 'plans.json') };
    const recorded = spawnSync(process.execPath, [MAIN, 'run', 'tcplife', '--duration', '2', '--grace', '0.3', '--record', dir], {
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(recorded.status, 0, recorded.stderr);
    const timing = readFileSync(join(dir, 'tcplife', 'timing.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: number; end?: true });
    const lastChunk = timing.filter((c) => c.end === undefined).at(-1)!.t;
    const result = await withSteps(['replay', join(dir, 'tcplife'), '--speed', '1'], fakedEnv(lib), /"type":"tcp\.session"/, [
      [200, '-1d'],
      [1500, '+1d'],
    ]);
    assert.equal(result.code, 0, result.stderr);
    const paced = lastChunk - timing[0]!.t; // from the first chunk (header and first row) to the last
    t.diagnostic(`${Math.round(paced)} ms of recorded chunks after the first; replayed in ${Math.round(result.ms)} ms after the first row came out`);
    assert.ok(result.ms >= paced - 100 && result.ms < paced + 1500, `${Math.round(result.ms)} ms for ${paced} ms of recording`);
    assert.equal(result.stdout, readFileSync(join(dir, 'tcplife', 'expected.jsonl'), 'utf8'), 'the same events as recorded');
  });
});
