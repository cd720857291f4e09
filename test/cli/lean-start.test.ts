// V8's optimising compilers and young-generation growth held back while a run starts, and given back once it has events
// (src/cli/lean-start.ts).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { binFlags } from '../../bench/cli-path.js';
import { type Fakes, leftovers, removeFakeRun, setUpFakeRun } from '../run/fakes.js';
import { until } from '../e2e/until.js';
import { repoRoot } from '../recordings.js';
import { MAIN } from './cli-process.js';

/** What --trace-opt says V8 compiled with TurboFan, one line each. */
const turbofanCompiles = (traced: string): string[] => traced.split('\n').filter((l) => /^\[completed compiling .*\(target TURBOFAN\)/.test(l));

/** node's arguments for the bin's command with its #! line's flags, and V8 tracing each optimised compile on stdout. */
const tracedArgv = (args: string[]): string[] => [...binFlags(MAIN), '--trace-opt', MAIN, ...args];

/** The bin's command, traced, to its end. */
const traced = (args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) =>
  spawnSync(process.execPath, tracedArgv(args), { cwd: repoRoot, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024, ...options });

describe('holdWhileRunStarts and releaseStartHold', () => {
  const leanStart = join(repoRoot, 'dist', 'src', 'cli', 'lean-start.js');
  // A loop hot enough for TurboFan many times over and objects that all survive, after the hold and after the release,
  // with a marker between; each part ends with the young generation's size in MB.
  const program = (args: string[], release: boolean) => `
    const { holdWhileRunStarts, releaseStartHold } = await import(${JSON.stringify(leanStart)});
    const { getHeapSpaceStatistics } = await import('node:v8');
    await holdWhileRunStarts(${JSON.stringify(args)});
    const hot = (n) => { let s = 0; for (let i = 0; i < n; i++) s += (i * i) % 7; return s; };
    const kept = [];
    const work = () => {
      let t = 0;
      for (let i = 0; i < 3000; i++) t += hot(1000);
      for (let i = 0; i < 300000; i++) kept.push({ i, s: 'x' + i });
      console.log('YOUNG', getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576);
      return t;
    };
    work();
    console.log('MARK');
    ${release ? 'releaseStartHold();' : ''}
    work();`;
  const run = (args: string[], release: boolean) => {
    const result = spawnSync(process.execPath, ['--trace-opt', '--input-type=module', '-e', program(args, release)], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    // Whether TurboFan compiled anything before the marker, and after it; whether the young generation grew past
    // the 2 MB (two semi-spaces of 1 MB) it starts with.
    const parts = result.stdout.split('MARK\n').map((part) => ({
      compiled: turbofanCompiles(part).length > 0,
      grew: Number(/^YOUNG (\S+)$/m.exec(part)?.[1]) > 2,
    }));
    return { beforeMark: parts[0], afterMark: parts[1] };
  };
  const held = { compiled: false, grew: false };
  const free = { compiled: true, grew: true };

  it('holds TurboFan and the young generation back for a run until it is released', () => {
    assert.deepEqual(run(['run', 'opensnoop', '--backend', 'libbpf'], true), { beforeMark: held, afterMark: free });
  });

  it('holds them until released, and only then', () => {
    assert.deepEqual(run(['run', 'opensnoop'], false), { beforeMark: held, afterMark: held });
  });

  it('holds nothing for another command', () => {
    assert.deepEqual(run(['parse', 'opensnoop'], false), { beforeMark: free, afterMark: free });
    assert.deepEqual(run(['list', '--json'], false), { beforeMark: free, afterMark: free });
  });

  it("gives the young generation back V8's own growth factor", () => {
    // Read from the module in a process of its own: importing it here would run its hold on this process's arguments.
    const given = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `console.log((await import(${JSON.stringify(leanStart)})).SEMI_SPACE_GROWTH_FACTOR)`],
      { encoding: 'utf8' },
    ).stdout.trim();
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    assert.match(options, new RegExp(`default: --semi-space-growth-factor=${given}\\n`));
  });
});

describe('the bin and V8 optimising', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;
  before(() => ({ fakes, work, env } = setUpFakeRun('lean-start', ['silent', 'burst'])));
  after(() => removeFakeRun(fakes, work));

  it('optimises nothing while a run starts and waits for a backend that is not ready', async () => {
    // Before, the module loader's code, run hot by a run's start, was compiled by TurboFan: 7 functions, wrappedFn one of them.
    const output = join(work, 'silent.jsonl');
    const child = spawn(process.execPath, tracedArgv(['run', 'silent', '--output', output]), { cwd: repoRoot, env });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    await until('the run to start its backend', () => fakes.pids().length > 0);
    await sleep(1000);
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('close', resolve));
    assert.match(readFileSync(output, 'utf8'), /"state":"stopped","message":"stopped on SIGINT, before it was ready/);
    // Loading node:v8, which the hold needs and so comes before it, can run node's wrappedFn hot enough to compile.
    assert.deepEqual(
      turbofanCompiles(stdout).filter((l) => !l.includes('<JSFunction wrappedFn ')),
      [],
    );
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('optimises the hot event path once the run is ready', () => {
    // burst: its header, then 2,000 rows at once.
    const result = traced(['run', 'burst', '--duration', '1.5', '--output', join(work, 'burst.jsonl')], { env });
    assert.equal(result.status, 0, result.stderr);
    assert.notDeepEqual(turbofanCompiles(result.stdout), []);
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('optimises a parse from its start', () => {
    const input = Array.from({ length: 20_000 }, (_, i) => `14639  pctl-open         ${i}   0 /etc/hostname`).join('\n');
    // The events and V8's lines share stdout: only the latter match turbofanCompiles.
    const result = traced(['parse', 'opensnoop'], { input: `PID    COMM              FD ERR PATH\n${input}\n` });
    assert.equal(result.status, 0, result.stderr);
    assert.notDeepEqual(turbofanCompiles(result.stdout), []);
  });
});
