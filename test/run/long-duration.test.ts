// --duration beyond what one setTimeout holds: weeks run for weeks, and beyond the stated bound the option is refused.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../recordings.js';
import { leftovers, type Fakes, removeFakeRun, setUpFakeRun } from './fakes.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');

describe('long durations', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;

  before(() => ({ fakes, work, env } = setUpFakeRun('duration', ['tcplife'])));
  after(() => removeFakeRun(fakes, work));

  it('keeps running with --duration 3000000 (about 35 days) until stopped, without a TimeoutOverflowWarning', async () => {
    const child = spawn(process.execPath, [MAIN, 'run', 'tcplife', '--duration', '3000000', '--grace', '0.3'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let exited = false;
    void ended.then(() => (exited = true));
    const deadline = Date.now() + 10_000;
    while (!stdout.includes('"state":"ready"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.match(stdout, /"state":"ready"/, stderr);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(exited, false, `it stopped at once: ${stderr}`);
    assert.doesNotMatch(stdout, /"state":"stopped"/);
    child.kill('SIGINT');
    assert.equal(await ended, 0, stderr);
    assert.doesNotMatch(stderr, /TimeoutOverflowWarning/);
    assert.match(stdout, /"state":"stopped"/);
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  const refused: [string, string[], RegExp][] = [
    ['run --duration 1e9', ['run', 'tcplife', '--duration', '1e9'], /--duration must be at most 31536000 seconds \(365 days\), not 1000000000\./],
    ['run --grace beyond an hour', ['run', 'tcplife', '--grace', '3601'], /--grace must be at most 3600 seconds \(an hour\), not 3601\./],
    [
      'run --push-interval beyond a day',
      ['run', 'tcplife', '--push', 'http://127.0.0.1:9/x', '--push-interval', '1e9'],
      /--push-interval must be at most 86400 seconds \(a day\), not 1000000000\./,
    ],
    [
      'replay --push-interval beyond a day',
      ['replay', join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default'), '--push', 'http://127.0.0.1:9/x', '--push-interval', '86401'],
      /--push-interval must be at most 86400 seconds \(a day\), not 86401\./,
    ],
    [
      'replay --speed below a thousandth',
      ['replay', join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default'), '--speed', '1e-9'],
      /--speed must be "max" or a number from 0\.001/,
    ],
    [
      'replay --speed 0',
      ['replay', join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default'), '--speed', '0'],
      /--speed must be "max" or a number from 0\.001/,
    ],
    [
      'replay --speed Infinity',
      ['replay', join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default'), '--speed', 'Infinity'],
      /--speed must be "max" or a number/,
    ],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} with exit 2 and a message stating the bound, before anything starts`, () => {
      fakes.clearPids();
      const result = spawnSync(process.execPath, [MAIN, ...args], { env, encoding: 'utf8', timeout: 15_000 });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stdout, '');
      const [first, second, ...rest] = result.stderr.split('\n');
      assert.match(first ?? '', /^probectl: /);
      assert.match(first ?? '', message);
      assert.ok((second ?? '').length > 0);
      assert.deepEqual(rest, ['']);
      assert.deepEqual(fakes.pids(), [], 'a probe was started');
    });
  }

  it('replays at the slowest speed allowed without firing its waits early', () => {
    const result = spawnSync(process.execPath, [MAIN, 'replay', join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default'), '--speed', '0.001'], {
      env,
      encoding: 'utf8',
      timeout: 3000,
    });
    // The recording's first chunk comes some ms after its start: at a thousandth of the pace, nothing is out after 3 s.
    assert.equal(result.signal, 'SIGTERM', 'it ended before its waits were over');
    assert.doesNotMatch(result.stderr, /TimeoutOverflowWarning/);
  });
});
