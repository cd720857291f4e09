// Each bundled runbook on real recordings: a case where it holds and one where it is breached, its numbers counted independently.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EventOf, EventType } from '../../src/events/index.js';
import { runRunbook } from '../../src/runbook/execute.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { parseSets } from '../../src/runbook/parameters.js';
import type { RunbookResult } from '../../src/runbook/result.js';
import { expectedEvents, recording, replayDir, runbookFile, windowSeconds } from './fixtures.js';

async function rehearse(name: string, dir: string, sets: string[] = []): Promise<RunbookResult> {
  return runRunbook(await loadRunbook(runbookFile(name), parseSets(sets)), { replay: dir });
}

const eventsOf = <T extends EventType>(dir: string, type: T): EventOf<T>[] => expectedEvents(dir).filter((e): e is EventOf<T> => e.type === type);

const TCP_PROBES = ['tcpretrans', 'tcpdrop', 'tcplife'];

describe('runbooks/tcp-health.yaml', () => {
  for (const [name, passes] of [
    ['tcp-clean', true],
    ['tcp-loss', false],
  ] as const) {
    it(`${passes ? 'holds' : 'is breached'} on recordings/runbooks/${name} (lab loss ${passes ? '0' : '5'} %)`, async () => {
      const dir = recording('runbooks', name);
      const result = await rehearse('tcp-health', dir);
      const dirs = TCP_PROBES.map((p) => join(dir, p));
      const seconds = windowSeconds(dirs);
      const retransmits = eventsOf(join(dir, 'tcpretrans'), 'tcp.retransmit').length;
      const netfilter = eventsOf(join(dir, 'tcpdrop'), 'tcp.drop').filter((d) => d.reason === 'NETFILTER_DROP').length;
      assert.equal(result.window.seconds, seconds);
      const [rate, drops] = result.assertions;
      assert.equal(rate!.value, retransmits / seconds);
      assert.equal(rate!.passed, retransmits / seconds < 5);
      assert.equal(drops!.value, netfilter);
      assert.equal(drops!.passed, netfilter === 0);
      assert.equal(result.passed, passes);
      assert.equal(result.breached, passes ? 0 : 1);
      if (!passes) {
        assert.ok(netfilter > 0, 'the lossy recording holds NETFILTER_DROP drops');
        // The evidence names the connections the drops were on, with their counts.
        const perFlow = new Map<string, number>();
        for (const d of eventsOf(join(dir, 'tcpdrop'), 'tcp.drop'))
          perFlow.set(`${d.saddr}:${d.sport} → ${d.daddr}:${d.dport}`, (perFlow.get(`${d.saddr}:${d.sport} → ${d.daddr}:${d.dport}`) ?? 0) + 1);
        assert.deepEqual(new Map(drops!.evidence.flows!.map((f) => [f.flow, f.amount])), perFlow);
      }
      assert.equal(result.summary.sessions.total, eventsOf(join(dir, 'tcplife'), 'tcp.session').length);
    });
  }

  it('with peer set, counts only what went to that peer', async () => {
    const dir = recording('runbooks', 'tcp-loss');
    const peer = await rehearse('tcp-health', dir, ['peer=10.201.0.1']);
    const toClient = eventsOf(join(dir, 'tcpdrop'), 'tcp.drop').filter((d) => d.reason === 'NETFILTER_DROP' && d.daddr === '10.201.0.1').length;
    assert.equal(peer.assertions[1]!.value, toClient);
    assert.equal(peer.assertions[0]!.matched, eventsOf(join(dir, 'tcpretrans'), 'tcp.retransmit').filter((r) => r.raddr === '10.201.0.1').length);
  });
});

describe('runbooks/workload-stalled.yaml', () => {
  it('is breached on recordings/runbooks/tcp-loss: one alert per task above the threshold, named from its tcplife session', async () => {
    const dir = recording('runbooks', 'tcp-loss');
    const result = await rehearse('workload-stalled', dir);
    // Independently: each retransmit's socket (laddr:lport) is the local end of one tcplife session, whose pid and comm own it.
    const sessions = eventsOf(join(dir, 'tcplife'), 'tcp.session');
    const perTask = new Map<string, number>();
    for (const r of eventsOf(join(dir, 'tcpretrans'), 'tcp.retransmit')) {
      const own = sessions.filter((s) => s.laddr === r.laddr && s.lport === r.lport && s.raddr === r.raddr && s.rport === r.rport);
      assert.equal(own.length, 1, 'one session owns each retransmitting socket');
      const key = `task ${own[0]!.pid} (${own[0]!.comm}) on ${own[0]!.host} is blocked by network congestion`;
      perTask.set(key, (perTask.get(key) ?? 0) + 1);
    }
    const alerts = [...perTask].filter(([, n]) => n > 3).map(([message]) => message);
    assert.ok(alerts.length > 0, 'some task retransmitted more than 3 times');
    const [stalled] = result.assertions;
    assert.equal(stalled!.severity, 'alert');
    assert.deepEqual([...stalled!.messages].sort(), [...alerts].sort());
    assert.ok(
      stalled!.messages.every((m) => m.includes('(pctl-cli)')),
      "the retransmitting sockets are the clients'",
    );
    assert.equal(stalled!.value, Math.max(...perTask.values()));
    assert.equal(result.passed, false);
  });

  it('holds on recordings/runbooks/tcp-clean, and on tcp-loss with a threshold above every task', async () => {
    assert.equal((await rehearse('workload-stalled', recording('runbooks', 'tcp-clean'))).passed, true);
    const dir = recording('runbooks', 'tcp-loss');
    const retransmits = eventsOf(join(dir, 'tcpretrans'), 'tcp.retransmit').length;
    const lenient = await rehearse('workload-stalled', dir, [`max_retransmits=${retransmits}`]);
    assert.equal(lenient.passed, true);
    assert.deepEqual(lenient.assertions[0]!.messages, []);
  });
});

describe('runbooks/file-access-errors.yaml', () => {
  it('is breached on recordings/runbooks/files-failing, naming the process and its count', async () => {
    const dir = recording('runbooks', 'files-failing');
    const failed = eventsOf(join(dir, 'opensnoop'), 'file.open').filter((o) => o.errno !== 0);
    assert.ok(failed.length > 0 && failed.every((o) => o.comm === 'pctl-files'));
    const result = await rehearse('file-access-errors', dir);
    const [byProcess] = result.assertions;
    assert.equal(byProcess!.passed, false);
    assert.deepEqual(
      byProcess!.breaches.map((b) => [b.key, b.value]),
      [[{ comm: 'pctl-files' }, failed.length]],
    );
    assert.deepEqual(byProcess!.messages, [`pctl-files had ${failed.length} failed opens (at most 0 allowed)`]);
    assert.equal(result.summary.opens.failed, failed.length);
  });

  it('holds on recordings/runbooks/files-clean, and for a process that failed none', async () => {
    const clean = await rehearse('file-access-errors', recording('runbooks', 'files-clean'));
    assert.equal(clean.passed, true);
    assert.equal(clean.summary.opens.total, eventsOf(recording('runbooks', 'files-clean', 'opensnoop'), 'file.open').length);
    const other = await rehearse('file-access-errors', recording('runbooks', 'files-failing'), ['comm=pctl-other']);
    assert.equal(other.passed, true);
    assert.equal(other.assertions[0]!.matched, 0);
  });
});

describe('runbooks/xdp-traffic-mix.yaml', () => {
  const dir = replayDir({ xdpcount: recording('xdpcount', 'libbpf') });
  const counts = eventsOf(recording('xdpcount', 'libbpf'), 'xdp.count');
  const packets = (proto: string) => counts.filter((c) => c.proto === proto).reduce((n, c) => n + c.packets, 0);
  const share = packets('roce_v2') / (packets('roce_v2') + packets('tcp'));

  it('is breached on recordings/xdpcount/libbpf: RoCE v2 carried less than half of the RoCE and TCP packets', async () => {
    assert.ok(packets('roce_v2') > 0 && packets('tcp') > 0);
    const result = await rehearse('xdp-traffic-mix', dir, ['iface=pctl-vb']);
    const [roce, seen] = result.assertions;
    assert.equal(roce!.value, share);
    assert.deepEqual(roce!.evidence.share, { part: packets('roce_v2'), total: packets('roce_v2') + packets('tcp') });
    assert.equal(roce!.passed, false);
    assert.equal(
      seen!.value,
      counts.reduce((n, c) => n + c.packets, 0),
    );
    assert.equal(seen!.passed, true);
  });

  it('holds on the same recording with a lower minimum share', async () => {
    const result = await rehearse('xdp-traffic-mix', dir, ['iface=pctl-vb', `min_roce_share=${Math.floor(share * 100) / 100}`]);
    assert.equal(result.passed, true);
  });
});

describe('runbooks/cpu-hot.yaml', () => {
  const profile = recording('profile', 'probectl');
  const dir = replayDir({ profile });
  const samples = eventsOf(profile, 'profile.stack')
    .filter((e) => e.comm === 'pctl-shapes')
    .reduce((n, e) => n + e.count, 0);

  it('holds on recordings/profile/probectl: the spinning program was sampled fewer times than the default allows', async () => {
    assert.ok(samples > 0 && samples < 495);
    const result = await rehearse('cpu-hot', dir);
    const [perComm] = result.assertions;
    assert.equal(perComm!.value, samples);
    assert.deepEqual(
      perComm!.evidence.keys?.map((k) => [k.key, k.value]),
      [[{ comm: 'pctl-shapes' }, samples]],
    );
    assert.equal(result.passed, true);
    assert.equal(result.summary.profile.samples, samples);
  });

  it('is breached with a lower max_samples, naming the process and its samples', async () => {
    const result = await rehearse('cpu-hot', dir, [`max_samples=${samples - 1}`]);
    assert.equal(result.passed, false);
    assert.deepEqual(result.assertions[0]!.messages, [`pctl-shapes was on a CPU in ${samples} samples (at most ${samples - 1} allowed)`]);
    const other = await rehearse('cpu-hot', dir, [`max_samples=${samples - 1}`, 'comm=pctl-other']);
    assert.equal(other.passed, true);
    assert.equal(other.assertions[0]!.matched, 0);
  });
});
