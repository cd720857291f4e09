// The agent's supervision with fake backends (no root): restarts with backoff, the reset after a healthy run, a reload that keeps or restarts, a stop that restarts nothing.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Supervisor } from '../../src/agent/supervisor.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { groupMembers } from '../../src/run/stop.js';
import { makeFakes } from './fakes.js';

const fakes = makeFakes();
after(() => fakes.remove());

const GRACE = { int: 300, term: 300 };

function supervisor(restart: { initialMs: number; maxMs: number; healthyMs: number }) {
  const logged: string[] = [];
  const s = new Supervisor({ host: 'h', validate: true, grace: GRACE, readyTimeoutMs: 5000, restart, includeSelf: true, log: (l) => logged.push(l) });
  const events: ProbeEvent[] = [];
  const reading = (async () => {
    for await (const e of s.events) events.push(e);
  })();
  return { s, events, logged, reading };
}

const until = async (what: string, holds: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!holds()) {
    if (Date.now() > deadline) assert.fail(`not ${what} within ${ms} ms`);
    await sleep(10);
  }
};

const restarts = (events: ProbeEvent[]) =>
  events
    .filter((e): e is Extract<ProbeEvent, { type: 'tool.diagnostic' }> => e.type === 'tool.diagnostic' && e.source.layout === 'agent')
    .map((e) => e.message);
const starts = (events: ProbeEvent[], probe: string) => events.filter((e) => e.type === 'probe.status' && e.probe === probe && e.state === 'starting');

describe('the agent supervisor', () => {
  it('starts a backend that fails again and again after waits that double up to the cap, and says so', async () => {
    const { s, events, logged, reading } = supervisor({ initialMs: 100, maxMs: 400, healthyMs: 60_000 });
    await s.apply([{ probe: 'faillate', fingerprint: 'a', plan: fakes.plan('faillate') }]);
    await until('four restarts', () => restarts(events).length >= 4);
    await s.stop();
    await reading;
    assert.deepEqual(
      restarts(events)
        .slice(0, 4)
        .map((m) => m.replace(/^.*; /, '')),
      ['restart 1 in 0.1 s', 'restart 2 in 0.2 s', 'restart 3 in 0.4 s', 'restart 4 in 0.4 s'],
    );
    assert.match(restarts(events)[0]!, /^faillate \(libbpf\) failed: exit code 4: perf_buffer__poll failed: Bad file descriptor; restart 1 in 0\.1 s$/);
    assert.deepEqual(
      logged.slice(0, 4),
      restarts(events)
        .slice(0, 4)
        .map((m) => `probectl agent: ${m}`),
    );
    // Each start comes at least its wait after the failure before it.
    const failed = events.filter((e) => e.type === 'probe.status' && e.state === 'failed');
    const started = starts(events, 'faillate');
    for (const [i, wait] of [100, 200, 400].entries())
      assert.ok(started[i + 1]!.ts - failed[i]!.ts >= wait - 5, `start ${i + 2}: ${started[i + 1]!.ts - failed[i]!.ts} ms after the failure, wait ${wait}`);
  });

  it('waits the first wait again after a run that stayed ready as long as healthy_ms', async () => {
    // faillate stays ready about 200 ms before it fails: healthy by a 100 ms bar.
    const { s, events, reading } = supervisor({ initialMs: 100, maxMs: 400, healthyMs: 100 });
    await s.apply([{ probe: 'faillate', fingerprint: 'a', plan: fakes.plan('faillate') }]);
    await until('three restarts', () => restarts(events).length >= 3);
    await s.stop();
    await reading;
    assert.deepEqual(
      restarts(events)
        .slice(0, 3)
        .map((m) => m.replace(/^.*; /, '')),
      ['restart 1 in 0.1 s', 'restart 2 in 0.1 s', 'restart 3 in 0.1 s'],
    );
  });

  it('on a reload keeps an unchanged backend running, restarts a changed one, stops a removed one, and restarts nothing once stopped', async () => {
    const { s, events, reading } = supervisor({ initialMs: 100, maxMs: 400, healthyMs: 60_000 });
    await s.apply([
      { probe: 'tcplife', fingerprint: 'a', plan: fakes.plan('tcplife') },
      { probe: 'opensnoop', fingerprint: 'b', plan: fakes.plan('opensnoop') },
      { probe: 'silent', fingerprint: 'c', plan: fakes.plan('silent', { ready: undefined }) },
    ]);
    await until('all ready', () => events.filter((e) => e.type === 'probe.status' && e.state === 'ready').length === 3);
    const before = s.pids();
    const diff = await s.apply([
      { probe: 'tcplife', fingerprint: 'a', plan: fakes.plan('tcplife') },
      { probe: 'opensnoop', fingerprint: 'B', plan: fakes.plan('opensnoop') },
    ]);
    assert.deepEqual(diff, { keep: ['tcplife'], stop: ['silent'], restart: ['opensnoop'], start: [] });
    const afterReload = s.pids();
    assert.equal(afterReload.get('tcplife'), before.get('tcplife'));
    assert.notEqual(afterReload.get('opensnoop'), before.get('opensnoop'));
    assert.equal(afterReload.has('silent'), false);
    assert.deepEqual(groupMembers(before.get('silent')!), []);
    assert.equal(starts(events, 'tcplife').length, 1);
    await s.stop();
    await reading;
    await sleep(300); // longer than the first wait: a restart would have come
    assert.deepEqual(restarts(events), []);
    for (const pid of [...before.values(), ...afterReload.values()]) assert.deepEqual(groupMembers(pid!), []);
    assert.deepEqual(
      events
        .filter((e) => e.type === 'probe.status' && e.state === 'stopped')
        .map((e) => e.probe)
        .sort(),
      ['opensnoop', 'opensnoop', 'silent', 'tcplife'], // stopped at the reload (the two at once), then at the stop
    );
  });
});
