import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProbeChild } from '../../src/run/child.js';
import { leftovers, makeFakes, type FakeName, type Fakes } from './fakes.js';

const grace = { int: 400, term: 400 };
/** What the polling and a process's own exit may add to a grace period. */
const SLACK = 250;

describe('stopping a probe', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes()));
  after(() => fakes.remove());

  /** Starts a fake, waits for its header, stops it and measures how long the stop took. */
  async function timedStop(name: FakeName) {
    const child = new ProbeChild({ argv: [fakes.path(name)], env: { FAKE_STATE: fakes.dir }, ready: /MS\n/, grace });
    while (child.state === 'starting') await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    const end = await child.stop();
    const ms = Math.round(performance.now() - t0);
    console.log(`${name}: ${end.sent.join(' → ')} in ${ms} ms, ended by ${end.signal ?? `exit ${end.exitCode}`}`);
    return { end, ms, pid: child.pid! };
  }

  it('ends with SIGINT alone when the child obeys it, well within the grace period', async () => {
    const { end, ms } = await timedStop('tcplife');
    assert.deepEqual(end.sent, ['SIGINT']);
    assert.equal(end.signal, 'SIGINT');
    assert.equal(end.state, 'stopped');
    assert.ok(ms < grace.int, `${ms} ms`);
  });

  it('lets a child that handles SIGINT print its last output and exit 0', async () => {
    const child = new ProbeChild(
      { argv: [fakes.path('retranscount')], env: { FAKE_STATE: fakes.dir }, ready: /Hit Ctrl-C/, grace },
      { output: (_s, b) => void (out += b.toString()) },
    );
    let out = '';
    while (child.state === 'starting') await new Promise((r) => setTimeout(r, 5));
    const end = await child.stop();
    assert.equal(end.exitCode, 0);
    assert.equal(end.message, 'stopped on SIGINT');
    assert.match(out, /RETRANSMITS\n\[10\.201\.0\.1\]#50812/);
  });

  it('sends SIGTERM after the SIGINT grace period to a child that ignores SIGINT', async () => {
    const { end, ms } = await timedStop('deafint');
    assert.deepEqual(end.sent, ['SIGINT', 'SIGTERM']);
    assert.equal(end.signal, 'SIGTERM');
    assert.equal(end.state, 'stopped');
    assert.equal(end.message, 'did not stop on SIGINT; stopped with SIGTERM');
    assert.ok(ms >= grace.int && ms < grace.int + SLACK, `${ms} ms`);
  });

  it('sends SIGKILL after both grace periods to a child that ignores SIGINT and SIGTERM', async () => {
    const { end, ms } = await timedStop('deafboth');
    assert.deepEqual(end.sent, ['SIGINT', 'SIGTERM', 'SIGKILL']);
    assert.equal(end.signal, 'SIGKILL');
    assert.equal(end.message, 'did not stop on SIGINT or SIGTERM; stopped with SIGKILL');
    assert.ok(ms >= grace.int + grace.term && ms < grace.int + grace.term + SLACK, `${ms} ms`);
  });

  it('kills at once on a second request (kill), whatever the grace periods', async () => {
    const child = new ProbeChild({ argv: [fakes.path('deafboth')], env: { FAKE_STATE: fakes.dir }, ready: /MS\n/, grace: { int: 10_000, term: 10_000 } });
    while (child.state === 'starting') await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    void child.stop();
    await new Promise((r) => setTimeout(r, 50));
    const end = await child.kill();
    const ms = performance.now() - t0;
    assert.equal(end.signal, 'SIGKILL');
    assert.deepEqual(end.sent, ['SIGINT', 'SIGKILL']);
    assert.ok(ms < 1000, `${ms} ms`);
  });

  it('leaves no process behind, in the group or out of it', () => {
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});
