import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { captureCommand } from '../../dev/capture/capture.js';
import { leftovers, makeFakes, type Fakes } from '../run/fakes.js';

describe('captureCommand (on the probe child)', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes()));
  after(() => fakes.remove());
  const env = () => ({ FAKE_STATE: fakes.dir });

  it('runs the workload once ready, records every chunk with its time, and stops the tool after the duration', async () => {
    let ranAfterReady = false;
    const result = await captureCommand({
      argv: [fakes.path('tcplife')],
      env: env(),
      ready: /MS\n/,
      durationMs: 200,
      settleMs: 0,
      workload: async () => void (ranAfterReady = true),
      graceMs: { int: 300, term: 300 },
    });
    assert.ok(ranAfterReady);
    assert.ok(result.readyAt !== undefined && result.endedAt >= result.readyAt + 200);
    assert.equal(result.signal, 'SIGINT');
    assert.equal(
      result.chunks.filter((c) => c.stream === 'stdout').reduce((n, c) => n + c.bytes, 0),
      result.stdout.length,
    );
    assert.ok(result.chunks.every((c, i) => i === 0 || c.t >= result.chunks[i - 1]!.t));
  });

  it('keeps what a tool prints when it is stopped with SIGINT (tcpretrans -c)', async () => {
    const result = await captureCommand({ argv: [fakes.path('retranscount')], env: env(), ready: /Hit Ctrl-C/, durationMs: 100 });
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout.toString(), /RETRANSMITS\n\[10\.201\.0\.1\]#50812/);
  });

  it('reports a tool that never became ready, and escalates to SIGTERM when it ignores SIGINT', async () => {
    const result = await captureCommand({
      argv: [fakes.path('deafint')],
      env: env(),
      ready: /never/,
      readyTimeoutMs: 100,
      durationMs: 0,
      graceMs: { int: 200, term: 200 },
    });
    assert.equal(result.readyAt, undefined);
    assert.equal(result.signal, 'SIGTERM');
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('throws when the command cannot be started', async () => {
    await assert.rejects(captureCommand({ argv: [fakes.path('tcplife') + '-missing'], durationMs: 0 }), /cannot start .*ENOENT/);
  });
});
