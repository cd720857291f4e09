// probectl run on a full disk (a 64 KiB tmpfs, so root): for --output, a redirected stdout and --record, a clear error,
// the probes stopped, whole lines up to the failure, exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';
import { repoRoot } from '../recordings.js';
import { leftovers, makeFakes, runningFrom, statuses, type Fakes } from './fakes.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
/** burst fills the disk at once; the duration is far longer than any of these runs may last. */
const RUN = ['run', 'burst', 'tcplife', '--duration', '30', '--grace', '0.3'];

/** The lines of a file that must hold whole JSON lines only: each parses, and the file ends with a newline. */
function wholeLines(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), `${file} ends in the middle of a line: …${JSON.stringify(text.slice(-80))}`);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as unknown);
}

describe('probectl run on a full disk', () => {
  let fakes: Fakes;
  let work: string;
  let disk: string;
  let env: NodeJS.ProcessEnv;
  let mounted = false;

  before(() => {
    fakes = makeFakes();
    work = mkdtempSync(join(tmpdir(), 'probectl-disk-'));
    disk = join(work, 'disk');
    mkdirSync(disk);
    env = { ...process.env, [PLAN_FILE_VARIABLE]: fakes.planFile(work, ['burst', 'tcplife']) };
  });
  after(() => {
    if (mounted) spawnSync('umount', [disk]);
    fakes.remove();
    rmSync(work, { recursive: true, force: true });
  });

  /** An empty 64 KiB disk, or false when the test cannot run here (not root). */
  function smallDisk(t: TestContext): boolean {
    if (!liveOrSkip(t)) return false;
    if (!mounted) {
      const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk], { encoding: 'utf8' });
      assert.equal(mount.status, 0, `mount: ${mount.stderr}`);
      mounted = true;
    }
    for (const name of readdirSync(disk)) rmSync(join(disk, name), { recursive: true, force: true });
    fakes.clearPids();
    return true;
  }

  function probectl(args: string[], stdout: 'pipe' | number = 'pipe') {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [MAIN, ...args], { env, encoding: 'utf8', timeout: 20_000, stdio: ['ignore', stdout, 'pipe'] });
    return { ...result, ms: performance.now() - t0 };
  }

  function assertStoppedCleanly(ms: number): void {
    assert.ok(ms < 10_000, `${Math.round(ms)} ms: the failure did not stop the run`);
    assert.ok(fakes.pids().length >= 2, 'the probes ran');
    assert.deepEqual(leftovers(fakes.pids()), []);
    assert.deepEqual(runningFrom(fakes.dir), []);
  }

  /** Events numbered 1, 2, 3... with nothing missing up to the failure. */
  function assertWholeStream(events: ProbeEvent[]): void {
    assert.ok(events.length > 100, `${events.length} events`);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    );
  }

  it('--output: says the disk is full and what to do, stops the probes, keeps whole lines and exits 2', (t) => {
    if (!smallDisk(t)) return;
    const file = join(disk, 'events.jsonl');
    const result = probectl([...RUN, '--output', file]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        `^probectl: could not write the events to ${file}: the disk is full \\(ENOSPC\\)\\. The probes were stopped; ${file} holds every line written before, whole( \\(the \\d+ bytes of the line the failure cut in half were removed\\))?\\.\\nFree some space on that filesystem, or write the events to another one \\(--output FILE\\)\\.\\n$`,
      ),
    );
    assertWholeStream(wholeLines(file) as ProbeEvent[]);
    assertStoppedCleanly(result.ms);
  });

  it('stdout redirected to a file (> FILE): the same, the half-written line cut off the file', (t) => {
    if (!smallDisk(t)) return;
    const file = join(disk, 'redirected.jsonl');
    const fd = openSync(file, 'w');
    const result = probectl(RUN, fd);
    closeSync(fd);
    assert.equal(result.status, 2, result.stderr);
    assert.match(
      result.stderr,
      /^probectl: could not write the events to stdout: the disk is full \(ENOSPC\)\. The probes were stopped; stdout holds every line written before, whole/,
    );
    assertWholeStream(wholeLines(file) as ProbeEvent[]);
    assertStoppedCleanly(result.ms);
  });

  it('--record: says the recording could not be written, stops the probes with every event on stdout, and exits 2', (t) => {
    if (!smallDisk(t)) return;
    const dir = join(disk, 'rec');
    const result = probectl([...RUN, '--record', dir]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        `^probectl: could not write the recording in ${dir}/(burst|tcplife): the disk is full \\(ENOSPC\\)\\. The probes were stopped; the recording ends where the write failed\\.\\nFree some space there, or give --record a directory on another filesystem\\.\\n$`,
      ),
    );
    const events = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as ProbeEvent);
    assertWholeStream(events);
    assert.deepEqual(
      statuses(events)
        .filter((s) => s.state === 'stopped')
        .map((s) => s.probe)
        .sort(),
      ['burst', 'tcplife'],
      'each probe ended, and said so',
    );
    for (const probe of ['burst', 'tcplife']) for (const name of ['timing.jsonl', 'expected.jsonl']) wholeLines(join(dir, probe, name));
    assertStoppedCleanly(result.ms);
  });

  it('--record on a disk already full: the same error at the start, the probe reported failed, and none left running', (t) => {
    if (!smallDisk(t)) return;
    spawnSync('dd', ['if=/dev/zero', `of=${join(disk, 'filler')}`, 'bs=4096', 'count=64'], { encoding: 'utf8' }); // fails once the disk is full, as intended
    const dir = join(disk, 'rec');
    const result = probectl([...RUN, '--record', dir]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`^probectl: could not write the recording in ${dir}/burst: the disk is full \\(ENOSPC\\)\\. `));
    assert.ok(result.ms < 10_000, `${Math.round(result.ms)} ms`);
    const events = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as ProbeEvent);
    assert.deepEqual(
      statuses(events).map((s) => [s.probe, s.state]),
      [
        ['burst', 'starting'],
        ['burst', 'failed'],
      ],
      'the probe that could not be recorded ends failed; the next one never starts',
    );
    assert.deepEqual(leftovers(fakes.pids()), []);
    assert.deepEqual(runningFrom(fakes.dir), []);
  });
});
