// Live: probectl fleet run across namespace hosts with their own sshd: healthy with lossy traffic, one down, one without root, one through sudo -n; and SIGKILL mid-run.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, type TestContext } from 'node:test';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';
import { MAIN, startCli } from './cli-process.js';
import { addRule, counted as dropped, traffic } from './namespace-loss.js';
import { SUDO_USER, withSshHosts, type SshHost, type SshHosts } from './ssh-hosts.js';

const events = (stdout: string): ProbeEvent[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ProbeEvent);

const hostStates = (all: ProbeEvent[], host: string): EventOf<'fleet.host'>[] =>
  all.filter((e): e is EventOf<'fleet.host'> => e.type === 'fleet.host' && e.host === host);

/**
 * A host's NETFILTER_DROP events against its own nftables counter's delta. The namespaces share one kernel, so each
 * host's tcpdrop sees every host's drops: its own are those to its own port.
 */
function assertDropsMatchCounter(t: TestContext, all: ProbeEvent[], host: SshHost, port: number | undefined, counted: number): void {
  assert.ok(counted > 0, `the drop rule in ${host.netns} dropped nothing: no ground truth`);
  const drops = all.filter((e): e is EventOf<'tcp.drop'> => e.type === 'tcp.drop' && e.host === host.name && e.reason === 'NETFILTER_DROP' && e.dport === port);
  t.diagnostic(`${host.name}: ${drops.length} NETFILTER_DROP events, nft counter ${counted}`);
  assert.equal(drops.length, counted, `${host.name}: drops reported vs its nftables counter`);
}

const sshArgs = (hosts: SshHosts): string[] => [`--ssh-option=${hosts.sshOptions.join(' ')}`];

/** What runs in a host's namespace besides its sshd listener (and the session processes of a login still closing). */
function leftovers(hosts: SshHosts, host: SshHost): string[] {
  return hosts
    .pidsIn(host)
    .filter((pid) => pid !== host.sshd?.pid)
    .flatMap((pid) => {
      try {
        return [execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim()];
      } catch {
        return [];
      }
    })
    .filter((comm) => comm !== '' && comm !== 'sshd');
}

it('fleet run across four hosts: the healthy two report drops equal to their own nftables counters, the others unreachable and privilege, exit 3', {
  timeout: 300_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  await withSshHosts([{}, {}, {}, { unprivileged: true }], async (hosts) => {
    const [a, b, down, unprivileged] = hosts.hosts as [SshHost, SshHost, SshHost, SshHost];
    const ports = new Map([
      [a.name, 5101],
      [b.name, 5102],
    ]);
    addRule(a, 5101, 'drop');
    addRule(b, 5102, 'drop');
    await hosts.stopSshd(down);
    const cli = startCli([
      'fleet',
      'run',
      'tcpretrans',
      'tcpdrop',
      'tcplife',
      '--hosts',
      hosts.hosts.map((h) => h.name).join(','),
      ...sshArgs(hosts),
      '--ready-timeout',
      '150',
    ]);
    const ready = (h: SshHost) => cli.printed(new RegExp(`"type":"fleet.host".*"host":"${h.name}".*"state":"ready"`), 160_000);
    await Promise.all([ready(a), ready(b)]);
    const before = [dropped(a), dropped(b)];
    await Promise.all([traffic(a, 5101, 4), traffic(b, 5102, 4)]);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the last events cross the connection
    const after = [dropped(a), dropped(b)];
    cli.signal('SIGINT');
    const end = await cli.ended;
    const all = events(end.stdout);
    assert.equal(end.code, 3, end.stderr);
    assert.match(end.stderr, /2 of 4 hosts ran/);

    for (const [i, host] of [a, b].entries()) {
      assertDropsMatchCounter(t, all, host, ports.get(host.name), after[i]! - before[i]!);
      const states = hostStates(all, host.name).map((e) => e.state);
      assert.deepEqual(states, ['connecting', 'ready', 'stopped']);
      const readyEvent = hostStates(all, host.name).find((e) => e.state === 'ready')!;
      assert.deepEqual(readyEvent.backend, ['bpftrace']);
      assert.ok(
        readyEvent.clock_offset_ms !== undefined && Math.abs(readyEvent.clock_offset_ms) < 100,
        `same machine, same clock: ${readyEvent.clock_offset_ms}`,
      );
      // Every event of the host has its own seq: 1, 2, 3... with no gap.
      const seqs = all.filter((e) => e.host === host.name).map((e) => e.seq);
      assert.deepEqual(
        [...seqs].sort((x, y) => x - y),
        seqs.map((_, k) => k + 1),
      );
      assert.ok(
        all.some((e) => e.type === 'tcp.session' && e.host === host.name && e.lport === ports.get(host.name)),
        `${host.name}: no tcplife session on its port`,
      );
    }
    const failedDown = hostStates(all, down.name).at(-1)!;
    assert.equal(failedDown.state, 'failed');
    assert.equal(failedDown.reason, 'unreachable');
    assert.match(failedDown.message!, /Connection refused/);
    const failedUser = hostStates(all, unprivileged.name).at(-1)!;
    assert.equal(failedUser.state, 'failed');
    assert.equal(failedUser.reason, 'privilege');
    assert.match(failedUser.message!, /not root and may not run 'sudo -n'/);
    // The stream is ordered by time.
    const ts = all.map((e) => e.ts);
    assert.deepEqual(
      ts,
      [...ts].sort((x, y) => x - y),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const host of [a, b]) assert.deepEqual(leftovers(hosts, host), [], `left running in ${host.netns}`);
  });
});

it('SIGKILL of probectl mid-run leaves no bpftrace nor any other process of the run on any host', { timeout: 240_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  await withSshHosts([{}, {}], async (hosts) => {
    const cli = startCli([
      'fleet',
      'run',
      'tcpretrans',
      'tcpdrop',
      '--hosts',
      hosts.hosts.map((h) => h.name).join(','),
      ...sshArgs(hosts),
      '--ready-timeout',
      '150',
    ]);
    for (const host of hosts.hosts) await cli.printed(new RegExp(`"type":"fleet.host".*"host":"${host.name}".*"state":"ready"`), 160_000);
    const running = hosts.hosts.map((h) => leftovers(hosts, h));
    for (const list of running) assert.ok(list.includes('bpftrace'), `no bpftrace running before the kill: ${list.join(' ')}`);
    cli.signal('SIGKILL');
    await cli.ended;
    // The wrapper gives its backend 3 s after SIGINT and 2 s after SIGTERM; give it that and a little more.
    const deadline = Date.now() + 10_000;
    let left = hosts.hosts.map((h) => leftovers(hosts, h));
    while (left.some((l) => l.length > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = hosts.hosts.map((h) => leftovers(hosts, h));
    }
    assert.deepEqual(left, [[], []]);
  });
});

it('a host whose login is slowed past --ready-timeout is a straggler, and the others run without waiting for it', { timeout: 240_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  // The slow host's sshd runs every session through a minute's sleep first: its login never answers in time.
  await withSshHosts([{}, { sshdConfig: ['ForceCommand sleep 60; exec sh -c "$SSH_ORIGINAL_COMMAND"'] }], async (hosts) => {
    const [healthy, slow] = hosts.hosts as [SshHost, SshHost];
    const readyTimeoutS = 50;
    const t0 = Date.now();
    const cli = startCli([
      'fleet',
      'run',
      'tcpretrans',
      '--hosts',
      hosts.hosts.map((h) => h.name).join(','),
      ...sshArgs(hosts),
      '--ready-timeout',
      String(readyTimeoutS),
      '--duration',
      '2',
    ]);
    const end = await cli.ended;
    const elapsedS = (Date.now() - t0) / 1000;
    const all = events(end.stdout);
    assert.equal(end.code, 3, end.stderr);
    const slowLast = hostStates(all, slow.name).at(-1)!;
    assert.equal(slowLast.state, 'failed');
    assert.equal(slowLast.reason, 'straggler');
    const healthyStates = hostStates(all, healthy.name);
    assert.deepEqual(
      healthyStates.map((e) => e.state),
      ['connecting', 'ready', 'stopped'],
    );
    // The healthy host was ready before the straggler was given up on, and the run ended soon after the ready timeout.
    assert.ok(healthyStates[1]!.ts < slowLast.ts);
    t.diagnostic(`healthy ready after ${(healthyStates[1]!.ts - t0) / 1000} s; straggler reported after ${(slowLast.ts - t0) / 1000} s; run ${elapsedS} s`);
    assert.ok(elapsedS < readyTimeoutS + 20, `the run took ${elapsedS} s`);
  });
});

it('a host whose login is not root but may use sudo -n runs like a root host: ready, drops equal to its nftables counter; the clocks are measured again every --clock-interval, and --record replays each host', {
  timeout: 300_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const record = mkdtempSync(join(tmpdir(), 'pcfleet-record-'));
  try {
    await withSshHosts([{}, { sudo: true }], async (hosts) => {
      const [root, sudo] = hosts.hosts as [SshHost, SshHost];
      assert.equal(sudo.user, SUDO_USER);
      const ports = new Map([
        [root.name, 5111],
        [sudo.name, 5112],
      ]);
      addRule(root, 5111, 'drop');
      addRule(sudo, 5112, 'drop');
      const cli = startCli([
        'fleet',
        'run',
        'tcpdrop',
        'tcpretrans',
        '--hosts',
        hosts.hosts.map((h) => h.name).join(','),
        ...sshArgs(hosts),
        '--ready-timeout',
        '150',
        '--clock-interval',
        '1',
        '--record',
        record,
      ]);
      const ready = (h: SshHost) => cli.printed(new RegExp(`"type":"fleet.host".*"host":"${h.name}".*"state":"ready"`), 160_000);
      await Promise.all([ready(root), ready(sudo)]);
      const before = [dropped(root), dropped(sudo)];
      await Promise.all([traffic(root, 5111, 3), traffic(sudo, 5112, 3)]);
      await new Promise((resolve) => setTimeout(resolve, 3000)); // the last events cross the connection; a few more clock measurements
      const after = [dropped(root), dropped(sudo)];
      cli.signal('SIGINT');
      const end = await cli.ended;
      const all = events(end.stdout);
      assert.equal(end.code, 0, end.stderr);
      assert.match(end.stderr, /2 of 2 hosts ran/);
      for (const [i, host] of [root, sudo].entries()) {
        assertDropsMatchCounter(t, all, host, ports.get(host.name), after[i]! - before[i]!);
        const states = hostStates(all, host.name);
        assert.deepEqual(
          states.map((e) => e.state),
          ['connecting', 'ready', 'stopped'],
        );
        // One clock: the offset is near 0, and it was measured again about once a second while the host ran.
        const last = states.at(-1)!;
        t.diagnostic(`${host.name}: clock offset ${last.clock_offset_ms} ms, measured ${last.clock_measures} times`);
        assert.ok(last.clock_offset_ms !== undefined && Math.abs(last.clock_offset_ms) < 50, `same machine, same clock: ${last.clock_offset_ms}`);
        const runS = (last.ts - states[1]!.ts) / 1000;
        assert.ok((last.clock_measures ?? 0) >= 3, `measured ${last.clock_measures} times in ${runS} s running`);
        assert.ok((last.clock_measures ?? 0) > (states[1]!.clock_measures ?? 0), 'measured again after ready');
        // Its recording replays to the same events as the live stream had from its probes.
        const hostDir = join(record, host.name);
        for (const probe of ['tcpdrop', 'tcpretrans']) assert.ok(existsSync(join(hostDir, probe, 'meta.json')), `no recording of ${probe} in ${hostDir}`);
        const replayed = spawnSync(process.execPath, [MAIN, 'replay', hostDir], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(replayed.status, 0, replayed.stderr);
        const again = events(replayed.stdout);
        for (const type of ['tcp.drop', 'tcp.retransmit'] as const) {
          const live = all.filter((e) => e.host === host.name && e.type === type).length;
          assert.equal(again.filter((e) => e.type === type).length, live, `${host.name}: ${type} live vs replayed`);
        }
        assert.ok(again.every((e) => e.host === host.name));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const host of [root, sudo]) assert.deepEqual(leftovers(hosts, host), [], `left running in ${host.netns}`);
    });
  } finally {
    rmSync(record, { recursive: true, force: true });
  }
});
