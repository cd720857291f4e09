import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import { Summary } from '../../src/summary/summary.js';
import { recordingDirs, repoRoot } from '../recordings.js';

const collect = async (dir: string): Promise<ProbeEvent[]> => {
  const out: ProbeEvent[] = [];
  for await (const e of replay(dir, { validate: true })) out.push(e);
  return out;
};

const ofType = <T extends ProbeEvent['type']>(events: ProbeEvent[], type: T): EventOf<T>[] => events.filter((e): e is EventOf<T> => e.type === type);

function tally<K>(items: K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const k of items) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

const sum = (ns: number[]): number => ns.reduce((a, b) => a + b, 0);
const nearestRank = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1]!;

/** Checks a report against counts made here, from the events themselves. */
function assertMatches(events: ProbeEvent[], summary: Summary): void {
  const r = summary.report();
  assert.equal(r.events.total, events.length);
  assert.deepEqual(new Map(Object.entries(r.events.by_type)), tally(events.map((e) => e.type)));
  for (const [type, counts] of Object.entries(r.series.by_type)) assert.equal(sum(counts), r.events.by_type[type], `series of ${type}`);

  const retransmits = ofType(events, 'tcp.retransmit');
  const counted = sum(ofType(events, 'tcp.retransmit.count').map((e) => e.count));
  assert.equal(r.retransmits.total, retransmits.length + counted);
  assert.equal(r.retransmits.counted, counted);
  assert.equal(r.retransmits.tlp, retransmits.filter((e) => e.kind === 'tlp').length);
  assert.equal(sum(r.retransmits.top_flows.map((f) => f.count)) + r.retransmits.other_flows, r.retransmits.total);
  const byFlow = tally(retransmits.map((e) => `${e.laddr}:${e.lport}>${e.raddr}:${e.rport}`));
  for (const e of ofType(events, 'tcp.retransmit.count'))
    byFlow.set(`${e.laddr}:${e.lport}>${e.raddr}:${e.rport}`, (byFlow.get(`${e.laddr}:${e.lport}>${e.raddr}:${e.rport}`) ?? 0) + e.count);
  for (const f of r.retransmits.top_flows) assert.equal(f.count, byFlow.get(`${f.key.laddr}:${f.key.lport}>${f.key.raddr}:${f.key.rport}`));

  const drops = ofType(events, 'tcp.drop');
  assert.equal(r.drops.total, drops.length);
  assert.equal(sum(r.drops.by_reason.map((x) => x.count)) + r.drops.other_reasons, drops.length);
  const reasons = tally(drops.map((e) => e.reason ?? 'unknown'));
  for (const x of r.drops.by_reason) assert.equal(x.count, reasons.get(x.key), x.key);
  assert.equal(sum(r.drops.top_flows.map((f) => f.count)) + r.drops.other_flows, drops.length);

  const sessions = ofType(events, 'tcp.session');
  assert.equal(r.sessions.total, sessions.length);
  assert.equal(r.sessions.tx_kb, sum(sessions.map((e) => e.tx_kb)));
  assert.equal(r.sessions.rx_kb, sum(sessions.map((e) => e.rx_kb)));
  if (sessions.length > 0) {
    const durations = sessions.map((e) => e.duration_ms);
    assert.deepEqual(r.sessions.duration_ms, {
      p50: nearestRank(durations, 0.5),
      p90: nearestRank(durations, 0.9),
      p99: nearestRank(durations, 0.99),
      max: Math.max(...durations),
    });
    assert.equal(r.sessions.longest[0]?.duration_ms, Math.max(...durations));
    assert.equal((r.sessions.biggest[0]?.tx_kb ?? 0) + (r.sessions.biggest[0]?.rx_kb ?? 0), Math.max(...sessions.map((e) => e.tx_kb + e.rx_kb)));
  }

  const opens = ofType(events, 'file.open');
  assert.equal(r.opens.total, opens.length);
  assert.equal(r.opens.failed, opens.filter((e) => e.errno > 0).length);
  assert.equal(sum(r.opens.by_process.map((p) => p.opens)) + r.opens.other_processes.opens, opens.length);
  for (const p of r.opens.by_process) {
    const mine = opens.filter((e) => e.pid === p.pid && e.comm === p.comm);
    assert.equal(p.opens, mine.length);
    assert.equal(p.failed, mine.filter((e) => e.errno > 0).length);
    assert.equal(sum(Object.values(p.errnos)), p.failed);
  }
  const failingPaths = tally(opens.filter((e) => e.errno > 0).map((e) => e.path));
  for (const p of r.opens.top_failing_paths) assert.equal(p.count, failingPaths.get(p.key));

  const xdp = ofType(events, 'xdp.count');
  for (const row of r.xdp) {
    const mine = xdp.filter((e) => e.iface === row.iface && e.proto === row.proto);
    assert.equal(row.packets, sum(mine.map((e) => e.packets)));
    assert.equal(row.bytes, sum(mine.map((e) => e.bytes)));
  }
  assert.equal(sum(r.xdp.map((x) => x.packets)), sum(xdp.map((e) => e.packets)));

  const lost = ofType(events, 'tool.lost');
  assert.equal(r.lost.reports, lost.length);
  assert.equal(r.lost.events, sum(lost.map((e) => e.count)));
  const diagnostics = ofType(events, 'tool.diagnostic');
  assert.deepEqual(new Map(Object.entries(r.diagnostics.by_level)), tally(diagnostics.map((e) => e.level)));
  const unparsed = diagnostics.some((e) => e.level === 'unparsed');
  const failed = ofType(events, 'probe.status').some((e) => e.state === 'failed');
  assert.equal(r.complete, lost.length === 0 && !unparsed && !failed);

  // The flow view saw every TCP event: with fewer connections than its top, its rows hold them all.
  if (r.flows.length < 10) {
    assert.equal(sum(r.flows.map((f) => f.retransmits)), r.retransmits.total);
    assert.equal(sum(r.flows.map((f) => f.drops)), drops.length);
  }
  assert.deepEqual(r.approximate, []);
}

describe('summary of the recordings', () => {
  for (const dir of recordingDirs().filter((d) => existsSync(join(d, 'meta.json')))) {
    it(`${relative(repoRoot, dir)}: every number matches the events' own counts`, async () => {
      const events = await collect(dir);
      const summary = new Summary();
      for (const e of events) summary.add(e);
      assertMatches(events, summary);
    });
  }

  it('of several probes merged into one stream', async () => {
    const names = [
      'tcpretrans/bcc-default',
      'tcpretrans/bcc-count',
      'tcpdrop/probectl',
      'tcplife/libbpf-default',
      'opensnoop/libbpf-e',
      'opensnoop/libbpf-lost',
      'xdpcount/libbpf',
    ];
    const events = (await Promise.all(names.map((n) => collect(join(repoRoot, 'recordings', n))))).flat().sort((a, b) => a.ts - b.ts);
    const summary = new Summary({ top: 3 });
    for (const e of events) summary.add(e);
    assertMatches(events, summary);
    const r = summary.report();
    assert.ok(r.retransmits.top_flows.length <= 3 && r.opens.by_process.length <= 3 && r.flows.length <= 3);
    assert.equal(r.complete, false, 'opensnoop/libbpf-lost reported lost events');
  });

  it('names what the recordings hold', async () => {
    const report = async (name: string) => {
      const summary = new Summary();
      for (const e of await collect(join(repoRoot, 'recordings', name))) summary.add(e);
      return summary.report();
    };
    const drops = await report('tcpdrop/probectl');
    assert.deepEqual(
      drops.drops.by_reason.map((x) => x.key),
      ['NETFILTER_DROP'],
    );
    const opens = await report('opensnoop/libbpf-e');
    assert.deepEqual(
      opens.opens.by_process.map((p) => p.errnos),
      [{ ENOENT: 1 }],
    );
    assert.deepEqual(opens.opens.top_failing_paths, [{ key: '/etc/pctl-missing.conf', count: 1 }]);
    const xdp = await report('xdpcount/libbpf');
    // Two intervals, 1001 ms and 791 ms, back to back: the tcp class moved 52 + 51 packets over 1.792 s.
    const tcp = xdp.xdp.find((x) => x.proto === 'tcp')!;
    assert.equal(tcp.covered_ms, 1001 + 791);
    assert.equal(tcp.pps, Math.round((tcp.packets / 1.792) * 100) / 100);
    assert.equal(tcp.bps, Math.round(((tcp.bytes * 8) / 1.792) * 100) / 100);
  });
});

describe('summary of nothing', () => {
  it('reports zeros, empty lists and a complete picture', () => {
    const r = new Summary().report();
    assert.equal(r.events.total, 0);
    assert.deepEqual(r.events.by_type, {});
    assert.equal(r.events.first_ts, undefined);
    assert.deepEqual([r.retransmits.total, r.drops.total, r.sessions.total, r.opens.total, r.lost.reports], [0, 0, 0, 0, 0]);
    assert.deepEqual(
      [r.retransmits.top_flows, r.drops.by_reason, r.sessions.longest, r.opens.by_process, r.xdp, r.flows, r.probes],
      [[], [], [], [], [], [], []],
    );
    assert.deepEqual(r.sessions.duration_ms, {});
    assert.equal(r.complete, true);
  });
});
