import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ProbeChild } from '../../src/run/child.js';
import { leftovers, makeFakes, type FakeName, type Fakes } from './fakes.js';

const grace = { int: 300, term: 300 };

describe('a probe child', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes()));
  after(() => fakes.remove());

  const start = (name: FakeName, ready: RegExp = /MS\n/) => {
    const seen: { ready?: number; stdout: string; stderr: string } = { stdout: '', stderr: '' };
    const child = new ProbeChild(
      { argv: [fakes.path(name)], env: { FAKE_STATE: fakes.dir }, ready, grace },
      {
        ready: (t) => (seen.ready = t),
        output: (stream, bytes) => (seen[stream] += bytes.toString('latin1')),
      },
    );
    return { child, seen };
  };
  const readyOf = (child: ProbeChild) =>
    new Promise<void>((resolve, reject) => {
      const poll = setInterval(
        () =>
          child.state === 'ready'
            ? (clearInterval(poll), resolve())
            : ['stopped', 'failed'].includes(child.state) && (clearInterval(poll), reject(new Error(child.state))),
        5,
      );
    });

  it('is starting until its ready line appears on stdout, then ready', async () => {
    const { child, seen } = start('tcplife');
    assert.equal(child.state, 'starting');
    await readyOf(child);
    assert.ok(seen.ready !== undefined && seen.ready >= 0);
    assert.match(seen.stdout, /^PID +COMM/);
    const end = await child.stop();
    assert.equal(end.state, 'stopped');
    assert.deepEqual(end.sent, ['SIGINT']);
  });

  it('finds its ready line on stderr too', async () => {
    const { child, seen } = start('stderrready', /Attaching \d+ probes/);
    await readyOf(child);
    assert.match(seen.stderr, /Attaching 2 probes/);
    await child.stop();
  });

  it('finds a ready line split across two writes', async () => {
    const { child } = start('splitheader');
    await readyOf(child);
    assert.equal((await child.stop()).state, 'stopped');
  });

  it("adds the plan's environment to its own", async () => {
    const { child } = start('tcplife');
    await readyOf(child);
    await child.stop();
    assert.ok(fakes.pids().includes(child.pid!), 'the fake wrote its pid to $FAKE_STATE, which only the added env names');
  });

  it('fails when it exits non-zero before it is ready, with its last stderr lines and exit code', async () => {
    const end = await start('failearly').child.ended;
    assert.equal(end.state, 'failed');
    assert.equal(end.exitCode, 3);
    assert.match(end.message, /^ended before it was ready \(exit code 3\): Traceback .* \| Exception: Failed to compile BPF module/);
  });

  it('fails when it exits non-zero after it was ready', async () => {
    const { child } = start('faillate');
    const end = await child.ended;
    assert.equal(end.state, 'failed');
    assert.ok(end.readyAt !== undefined);
    assert.equal(end.message, 'exit code 4: perf_buffer__poll failed: Bad file descriptor');
  });

  it('fails when it exits 0 before it is ready (old BCC versions exit 0 on errors)', async () => {
    const end = await start('exitzero').child.ended;
    assert.equal(end.state, 'failed');
    assert.match(end.message, /ended before it was ready \(exit code 0\): ERROR: no kernel headers/);
  });

  it('fails with the reason when its command does not exist', async () => {
    const child = new ProbeChild({ argv: [join(fakes.dir, 'no-such-tool')], ready: /x/ });
    const end = await child.ended;
    assert.equal(end.state, 'failed');
    assert.match(end.message, /could not start: .*no-such-tool: no such command \(ENOENT\)/);
  });

  it('is stopped, not failed, when stopped before it was ready, and says so', async () => {
    const { child } = start('silent');
    await new Promise((r) => setTimeout(r, 100));
    const end = await child.stop();
    assert.equal(end.state, 'stopped');
    assert.match(end.message, /before it was ready \(no line matched \/MS\\n\/\)/);
  });

  it('is failed for the reason given when stopped for one (not ready in time)', async () => {
    const { child } = start('silent');
    const end = await child.stop('not ready 0.1 s after its start');
    assert.equal(end.state, 'failed');
    assert.equal(end.message, 'not ready 0.1 s after its start');
  });

  it('stops the process group: a background grandchild (which ignores SIGINT) goes too', async () => {
    const { child } = start('grandchild');
    await readyOf(child);
    const end = await child.stop();
    assert.equal(end.state, 'stopped');
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('stops what a child left in its group when it ended by itself', async () => {
    const { child } = start('orphaner');
    const end = await child.ended;
    assert.equal(end.state, 'stopped');
    assert.equal(end.message, 'ended by itself (exit code 0)');
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('gets SIGINT at its default disposition even when probectl was started with SIGINT ignored', () => {
    // The parent is started the way a background job of a non-interactive shell is: SIGINT ignored.
    const helper = fileURLToPath(new URL('./sigint-parent.js', import.meta.url));
    const result = spawnSync('sh', ['-c', `trap '' INT; "${process.execPath}" "${helper}" "${fakes.path('sigign')}"; exit $?`], {
      env: { ...process.env, FAKE_STATE: fakes.dir },
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { shellSigIgn: string; childSigIgn: string; signal: string; sent: string[] };
    console.log(`SigIgn: shell ${report.shellSigIgn}, child ${report.childSigIgn}`);
    const sigintIgnored = (mask: string) => (BigInt('0x' + mask) & 2n) !== 0n;
    assert.ok(sigintIgnored(report.shellSigIgn), `the test's shell did ignore SIGINT (${report.shellSigIgn})`);
    assert.ok(!sigintIgnored(report.childSigIgn), `the child's SigIgn ${report.childSigIgn} has SIGINT`);
    assert.deepEqual(report.sent, ['SIGINT']);
    assert.equal(report.signal, 'SIGINT');
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});
