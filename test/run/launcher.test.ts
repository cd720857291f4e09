// Backends start through the native launcher: a stdout buffer large enough that a backend never waits for probectl, and the parent-death signal.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ProbeChild } from '../../src/run/child.js';
import { withDeathSignal } from '../../src/run/death-signal.js';
import { launch, nativeLauncher, STDOUT_BUFFER_BYTES, workingLauncher } from '../../src/run/launcher.js';
import { FIFO_DIR } from '../../src/run/stdout-fifo.js';
import { isAlive } from './fakes.js';

/** The pipe a backend's stdout gets: the launcher's size, or the most a process without CAP_SYS_RESOURCE may ask. */
const PIPE_BYTES = Math.min(STDOUT_BUFFER_BYTES, Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8')));
const LINE = 'x'.repeat(59);
/** Lines that fill nine tenths of that pipe (the kernel appends each small write to the page before it). */
const LINES = Math.floor((PIPE_BYTES * 0.9) / (LINE.length + 1));

/** What `launcher --print-stdout-buffer` says of its fd 1 ("socket 33554432"). */
const bufferOf = (text: string) => {
  const m = /^(socket|pipe|other) (\d+)\n$/.exec(text);
  assert.ok(m !== null, `launcher --print-stdout-buffer printed ${JSON.stringify(text)}`);
  return { kind: m[1], bytes: Number(m[2]) };
};

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(20);
  return done();
}

describe('the native launcher', () => {
  let launcher: string;
  let dir: string;
  let writer: string;
  before(() => {
    const found = nativeLauncher();
    assert.ok(found !== null, 'dist/native/launcher is not built: npm run build:native (needs clang)');
    launcher = found;
    dir = mkdtempSync(join(tmpdir(), 'probectl-launcher-'));
    // One write() per line, as bpftrace writes its events; then a mark that it is done writing, then it waits.
    writer = join(dir, 'writer');
    writeFileSync(writer, `#!/bin/sh\ni=0\nwhile [ $i -lt ${LINES} ]; do echo ${LINE}; i=$((i+1)); done\necho done > "$1"\nexec sleep 30\n`);
    chmodSync(writer, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is what ProbeChild starts a command through, with the death signal, the parent, the buffer size and the FIFO', () => {
    const env = { PATH: '/usr/bin:/bin' };
    const options = ['--pdeathsig', 'SIGTERM', '--parent', String(process.pid), '--stdout-buffer', String(STDOUT_BUFFER_BYTES)];
    assert.deepEqual(launch(['sh', '-c', 'exit 0'], env, '/x/launcher'), {
      argv: ['/x/launcher', ...options, '--', 'sh', '-c', 'exit 0'],
      largeStdout: true,
    });
    assert.deepEqual(
      launch(['sh', '-c', 'exit 0'], env, '/x/launcher', () => '/run/x/1'),
      {
        argv: ['/x/launcher', ...options, '--stdout-fifo', '/run/x/1', '--', 'sh', '-c', 'exit 0'],
        stdoutFifo: '/run/x/1',
        largeStdout: true,
      },
    );
    assert.deepEqual(
      launch(['sh'], env, '/x/launcher', () => undefined),
      { argv: ['/x/launcher', ...options, '--', 'sh'], largeStdout: true },
      'no FIFO: the socket pair',
    );
    assert.deepEqual(
      launch(['pctl-no-such-tool'], env, '/x/launcher', () => '/run/x/2'),
      { argv: ['pctl-no-such-tool'], largeStdout: false },
      'spawn reports ENOENT',
    );
    assert.deepEqual(
      launch(['sh'], env, null, () => '/run/x/3'),
      { argv: withDeathSignal(['sh'], env), largeStdout: false },
      'not built: setpriv as before',
    );
  });

  it(`gives the backend's stdout a pipe of ${PIPE_BYTES} bytes (a FIFO), or else a send buffer of ${STDOUT_BUFFER_BYTES}, where the socket pair probectl reads has the default`, async () => {
    let text = '';
    const child = new ProbeChild({ argv: [launcher, '--print-stdout-buffer'] }, { output: (stream, bytes) => stream === 'stdout' && (text += bytes) });
    const end = await child.ended;
    assert.equal(end.exitCode, 0);
    assert.deepEqual(bufferOf(text), { kind: 'pipe', bytes: PIPE_BYTES }, 'as root, through a FIFO');

    const socket = spawnSync(launcher, ['--stdout-buffer', String(STDOUT_BUFFER_BYTES), '--', launcher, '--print-stdout-buffer'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    assert.deepEqual(bufferOf(socket.stdout), { kind: 'socket', bytes: STDOUT_BUFFER_BYTES }, 'without a FIFO');

    const plain = spawnSync(launcher, ['--print-stdout-buffer'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const unlaunched = bufferOf(plain.stdout);
    assert.equal(unlaunched.kind, 'socket', "libuv's stdio 'pipe' is a socket pair");
    assert.ok(unlaunched.bytes < STDOUT_BUFFER_BYTES / 8, `the default buffer, ${unlaunched.bytes} bytes`);
  });

  it(`lets a backend write ${LINES} lines, one write each, while probectl reads none of them; all arrive, in order`, async () => {
    const done = join(dir, 'launched.done');
    let text = '';
    const child = new ProbeChild(
      { argv: [writer, done], grace: { int: 300, term: 300 } },
      { output: (stream, bytes) => stream === 'stdout' && (text += bytes) },
    );
    child.pause();
    const finished = await until(() => existsSync(done), 20_000);
    child.resume();
    assert.ok(finished, 'the backend was still blocked in write() after 20 s');
    assert.ok(await until(() => text.length >= LINES * (LINE.length + 1), 20_000));
    await child.stop();
    assert.equal(text, `${LINE}\n`.repeat(LINES));
  });

  it('and the same backend spawned straight onto a socket pair that is not read blocks (what the launcher prevents)', async () => {
    const done = join(dir, 'plain.done');
    const child = spawn(writer, [done], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.pause();
    const finished = await until(() => existsSync(done), 2000);
    child.kill('SIGKILL');
    child.stdout.destroy();
    assert.equal(finished, false, 'it wrote all its lines into a default socket buffer');
  });

  it('still ends the backend with SIGTERM when probectl dies (the kernel signals it)', async () => {
    // A parent that execs `sleep` in place of itself keeps its pid until the sleep ends; SIGKILL ends it, and the kernel signals its child.
    const mark = join(dir, 'pdeath.pid');
    const parent = spawn('/bin/sh', ['-c', `${launcher} --pdeathsig SIGTERM --parent $$ -- /bin/sh -c 'echo $$ > ${mark}; exec sleep 30' & exec sleep 30`], {
      stdio: 'ignore',
    });
    assert.ok(await until(() => existsSync(mark), 5000));
    const backend = Number(readFileSync(mark, 'utf8').trim());
    assert.ok(isAlive(backend), 'the backend runs');
    parent.kill('SIGKILL');
    const gone = await until(() => !isAlive(backend), 2000);
    if (!gone) process.kill(backend, 'SIGKILL');
    assert.ok(gone, 'the backend outlived its parent');
  });

  it('ends the command before it runs when the parent died before the death signal was set', () => {
    const mark = join(dir, 'late.ran');
    const r = spawnSync(launcher, ['--pdeathsig', 'SIGTERM', '--parent', String(process.pid + 1_000_000), '--', '/bin/sh', '-c', `echo > ${mark}`]);
    assert.equal(r.signal, 'SIGTERM');
    assert.equal(existsSync(mark), false);
  });

  it('leaves no FIFO behind, when the backend ran and when it was stopped before it started', { timeout: 30_000 }, async () => {
    const ours = () => readdirSync(FIFO_DIR).filter((name) => name.startsWith(`${process.pid}-`));
    const ran = new ProbeChild({ argv: ['/bin/sh', '-c', 'echo one; echo two >&2; echo three'] });
    let out = '';
    const printed = new ProbeChild({ argv: ['/bin/sh', '-c', 'echo one; echo three'] }, { output: (stream, bytes) => stream === 'stdout' && (out += bytes) });
    assert.equal((await ran.ended).exitCode, 0);
    assert.equal((await printed.ended).exitCode, 0);
    assert.equal(out, 'one\nthree\n', 'all of it, through the FIFO, and no word of the launcher');
    // Stopped at once, a launcher is often killed while it waits for this process to open the FIFO: nothing will write to it then.
    for (let i = 0; i < 20; i++) {
      const end = await new ProbeChild({ argv: ['/bin/sleep', '30'], grace: { int: 200, term: 200 } }).stop();
      assert.equal(end.state, 'stopped');
    }
    assert.deepEqual(ours(), []);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes its FIFO when ${signal} ends it while it waits for probectl to open it`, async () => {
      const fifo = join(dir, `waiting-${signal}`);
      const waiting = spawn(launcher, ['--stdout-fifo', fifo, '--', 'true'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const [said] = (await once(waiting.stdout, 'data')) as [Buffer];
      assert.equal(said.toString(), 'fifo\n');
      assert.ok(existsSync(fifo), 'made, and waited on');
      const exited = once(waiting, 'exit');
      waiting.kill(signal);
      const [code, ended] = await exited;
      assert.deepEqual([code, ended], [null, signal], 'ended by the signal, as it would have been');
      assert.equal(existsSync(fifo), false);
    });
  }

  it('says what is wrong with its arguments (exit 2), and when it cannot run the command (exit 127)', () => {
    const usage = spawnSync(launcher, ['--stdout-buffer', 'lots', '--', 'true'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^launcher: --stdout-buffer needs a size in bytes\nusage: /);
    const missing = spawnSync(launcher, ['--', '/nonexistent/tool'], { encoding: 'utf8' });
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /^launcher: cannot run \/nonexistent\/tool: No such file or directory\n$/);
    const noFifo = spawnSync(launcher, ['--stdout-fifo', '/nonexistent/dir/fifo', '--', 'true'], { encoding: 'utf8' });
    assert.equal(noFifo.status, 127);
    assert.equal(noFifo.stderr, 'launcher: cannot make the FIFO /nonexistent/dir/fifo: No such file or directory\n');
  });
});

describe('whether the launcher runs here', () => {
  let dir: string;
  let fake: string;
  let runs: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'probectl-launcher-kept-'));
    fake = join(dir, 'launcher');
    runs = join(dir, 'runs');
    writeFileSync(runs, '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A launcher that notes each run in `runs` and exits with `status`. */
  const writeFake = (status: number) => {
    rmSync(fake, { force: true }); // a new file, as a build writes it: another inode
    writeFileSync(fake, `#!/bin/sh\necho "$1" >> "${runs}"\nexit ${status}\n`);
    chmodSync(fake, 0o755);
  };
  const runCount = () =>
    readFileSync(runs, 'utf8')
      .split('\n')
      .filter((l) => l !== '').length;

  it('is run once per build of it: the answer is kept for the processes after (as root)', () => {
    writeFake(0);
    const kept = join(dir, 'kept');
    assert.equal(workingLauncher(fake, kept), fake);
    assert.equal(runCount(), 1, 'run to see that it works');
    assert.equal(workingLauncher(fake, kept), fake);
    assert.equal(runCount(), 1, 'not run again: this build ran before');
    writeFake(0);
    assert.equal(workingLauncher(fake, kept), fake);
    assert.equal(runCount(), 2, 'a new build is run again');
  });

  it('is not taken when it fails, nor remembered as working', () => {
    writeFake(1);
    const kept = join(dir, 'kept-failing');
    const before = runCount();
    assert.equal(workingLauncher(fake, kept), null);
    assert.equal(workingLauncher(fake, kept), null);
    assert.equal(runCount(), before + 2, 'tried each time');
  });

  it('is run every time when its answer cannot be kept, and is missing when there is no file', () => {
    writeFake(0);
    const unwritable = join(runs, 'under-a-file');
    const before = runCount();
    assert.equal(workingLauncher(fake, unwritable), fake);
    assert.equal(workingLauncher(fake, unwritable), fake);
    assert.equal(runCount(), before + 2);
    assert.equal(workingLauncher(join(dir, 'no-such-launcher'), join(dir, 'kept')), null);
  });
});
