import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probectl } from '../cli/cli-process.js';
import { recording } from '../runbook/fixtures.js';
import { NatsServer } from './nats-server.js';
import { ProbectlProcess } from './probectl-process.js';
import { readStream } from './stream-reader.js';

interface Alert {
  type: 'runbook.alert' | 'runbook.resolve';
  ts: number;
  host: string;
  key: Record<string, unknown>;
  value: number;
  message: string;
  since?: number;
}
interface Event {
  type: string;
  ts: number;
  host: string;
  pid?: number;
  laddr?: string;
  lport?: number;
  raddr?: string;
  rport?: number;
}

const WINDOW_S = 3;

describe('probectl watch on a real nats-server', () => {
  let server: NatsServer;
  before(async () => (server = await NatsServer.start()));
  after(async () => await server.stop());

  it('with workload-stalled, raises one alert naming the task as its retransmits are published, and resolves it once they left the window', async () => {
    const dir = recording('runbooks', 'tcp-loss');
    // Independently of probectl's flow view: the retransmits of each task, joined to its tcplife session by 4-tuple.
    const events = probectl(['replay', dir])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Event);
    const sessions = events.filter((e) => e.type === 'tcp.session');
    const perTask = new Map<number, number[]>();
    for (const r of events.filter((e) => e.type === 'tcp.retransmit')) {
      const owner = sessions.find((s) => s.laddr === r.laddr && s.lport === r.lport && s.raddr === r.raddr && s.rport === r.rport)!;
      perTask.set(owner.pid!, [...(perTask.get(owner.pid!) ?? []), r.ts]);
    }
    // With at most 5 allowed, exactly one task breaches (the others retransmitted 5 and 3 times).
    const breaching = [...perTask].filter(([, ts]) => ts.length > 5);
    assert.equal(breaching.length, 1, JSON.stringify([...perTask].map(([pid, ts]) => [pid, ts.length])));
    const [pid, retransmits] = breaching[0]!;

    const watch = new ProbectlProcess([
      'watch',
      server.url,
      '--runbook',
      'workload-stalled',
      '--set',
      'max_retransmits=5',
      '--window',
      String(WINDOW_S),
      '--publish-alerts',
    ]);
    await watch.until('the watch to start', () => watch.stderr.includes('probectl: watching'));
    const replay = probectl(['replay', dir, '--speed', '1', '--publish', server.url]);
    assert.equal(replay.code, 0, replay.stderr);
    await watch.until('a resolve', () => watch.stdout.includes('"runbook.resolve"'), 20_000);
    assert.equal(await watch.interrupt(), 0, watch.stderr);

    const alerts = watch.lines().map((l) => JSON.parse(l) as Alert);
    assert.deepEqual(
      alerts.map((a) => [a.type, a.key]),
      [
        ['runbook.alert', { pid }],
        ['runbook.resolve', { pid }],
      ],
    );
    const [raised, resolved] = alerts as [Alert, Alert];
    assert.equal(raised.message, `task ${pid} (pctl-cli) on vm is blocked by network congestion`);
    assert.equal(raised.value, retransmits.length);
    // Raised once the task's sixth retransmit was seen; resolved when only 5 were left in the window, after the second left it.
    const sorted = [...retransmits].sort((a, b) => a - b);
    assert.ok(raised.ts >= sorted[5]!, `raised at ${raised.ts}, the 6th retransmit at ${sorted[5]}`);
    const leaves = sorted[1]! + WINDOW_S * 1000;
    assert.ok(resolved.ts >= leaves && resolved.ts <= leaves + 2500, `resolved at ${resolved.ts}, the second retransmit left the window at ${leaves}`);
    assert.equal(resolved.since, raised.ts);
    assert.match(watch.stderr, /watched 35 events from 1 host; 1 alert, 1 resolved/);

    // --publish-alerts: the same two lines on probectl.alerts, read back by the NATS client itself.
    const published = (await readStream(server.url, 'PROBECTL')).filter((m) => m.subject === 'probectl.alerts').map((m) => m.data);
    assert.deepEqual(published, watch.lines());
  });

  it('goes on after the server was killed for 5 s while it watched: the events published after the restart raise and resolve the alert', async () => {
    const dir = recording('runbooks', 'tcp-loss');
    const watch = new ProbectlProcess([
      'watch',
      `${server.url}/outage`,
      '--runbook',
      'workload-stalled',
      '--set',
      'max_retransmits=5',
      '--window',
      String(WINDOW_S),
    ]);
    await watch.until('the watch to start', () => watch.stderr.includes('probectl: watching'));
    await server.kill();
    await new Promise((r) => setTimeout(r, 5000));
    await server.restart();
    const replay = probectl(['replay', dir, '--speed', '1', '--publish', `${server.url}/outage`]);
    assert.equal(replay.code, 0, replay.stderr);
    await watch.until('a resolve', () => watch.stdout.includes('"runbook.resolve"'), 30_000);
    assert.equal(await watch.interrupt(), 0, watch.stderr);
    const alerts = watch.lines().map((l) => JSON.parse(l) as Alert);
    assert.deepEqual(
      alerts.map((a) => a.type),
      ['runbook.alert', 'runbook.resolve'],
    );
    assert.match(alerts[0]!.message, /^task \d+ \(pctl-cli\) on vm is blocked by network congestion$/);
    assert.match(watch.stderr, /watched 35 events from 1 host; 1 alert, 1 resolved/);
  });

  it('refuses a runbook with a syntax error before connecting: one line naming the place, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probectl-watch-'));
    try {
      const file = join(dir, 'broken.yaml');
      writeFileSync(file, 'name: broken\nassertions: [\n  - count: {type: tcp.retransmit}\n');
      const r = probectl(['watch', 'nats://127.0.0.1:9', '--runbook', file]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr.split('\n')[0]!, new RegExp(`^probectl: ${file}:3:3: not valid YAML: `));
      assert.doesNotMatch(r.stderr, /cannot reach|watching/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
