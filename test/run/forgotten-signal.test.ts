// A backend that forgets a stop signal, as bpftrace 0.17 does when SIGINT lands between two of its waits for events:
// stopping sees it back in epoll_wait with SIGINT caught and sends SIGTERM at once, again while it keeps forgetting.
// The fake is node, whose idle event loop sleeps in epoll_wait as bpftrace's does, forgetting as many signals as asked;
// test/e2e/forgotten-sigint.live.test.ts makes real bpftrace forget one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbeChild } from '../../src/run/child.js';
import type { Grace } from '../../src/run/stop.js';

/** Forgets the first FORGET stop signals; on the next one prints its map and exits 0. With BUSY_MS it works that long on SIGINT first. */
const FAKE = `
let forget = Number(process.env.FORGET);
const busy = Number(process.env.BUSY_MS ?? 0);
const stop = (signal) => {
  if (forget-- > 0) return;
  const until = Date.now() + busy;
  while (Date.now() < until);
  process.stdout.write('@opens[node]: 7 (' + signal + ')\\n');
  process.exit(0);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.stdout.write('Attaching 1 probe...\\n');
setInterval(() => {}, 60_000);
`;

async function stopFake(env: Record<string, string>, grace: Grace, resendForgotten: boolean) {
  let out = '';
  const child = new ProbeChild(
    { argv: [process.execPath, '-e', FAKE], env, ready: /^Attaching/m, grace, resendForgotten },
    { output: (_s, b) => void (out += b.toString()) },
  );
  while (child.state === 'starting') await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 100)); // idle in its event loop
  const t0 = performance.now();
  const end = await child.stop();
  return { end, ms: Math.round(performance.now() - t0), out };
}

describe('a backend that forgets a stop signal', () => {
  const grace = { int: 3000, term: 3000 };

  it('is sent SIGTERM as soon as it is seen back in its wait with SIGINT caught, and keeps its map', async () => {
    const { end, ms, out } = await stopFake({ FORGET: '1' }, grace, true);
    assert.deepEqual(end.sent, ['SIGINT', 'SIGTERM']);
    assert.equal(end.exitCode, 0);
    assert.equal(end.message, 'did not stop on SIGINT; stopped with SIGTERM');
    assert.match(out, /^@opens\[node\]: 7 \(SIGTERM\)$/m);
    assert.ok(ms < 1500, `${ms} ms: SIGTERM waited for the grace period`);
  });

  it('is sent SIGTERM again when it forgets that too, and still ends with its map, not SIGKILL', async () => {
    const { end, ms, out } = await stopFake({ FORGET: '2' }, grace, true);
    assert.deepEqual(end.sent, ['SIGINT', 'SIGTERM']);
    assert.equal(end.exitCode, 0);
    assert.match(out, /^@opens\[node\]: 7 \(SIGTERM\)$/m);
    assert.ok(ms < 2500, `${ms} ms`);
  });

  it('is not sent SIGTERM while it works on its way out, SIGINT still caught but outside its wait', async () => {
    const { end, out } = await stopFake({ FORGET: '0', BUSY_MS: '1500' }, grace, true);
    assert.deepEqual(end.sent, ['SIGINT']);
    assert.equal(end.message, 'stopped on SIGINT');
    assert.match(out, /^@opens\[node\]: 7 \(SIGINT\)$/m);
  });

  it('waits out the SIGINT grace period when the backend is not known to forget (BCC tools die on a second signal)', async () => {
    const { end, ms } = await stopFake({ FORGET: '1' }, { int: 1500, term: 3000 }, false);
    assert.deepEqual(end.sent, ['SIGINT', 'SIGTERM']);
    assert.ok(ms >= 1500, `${ms} ms`);
  });
});
