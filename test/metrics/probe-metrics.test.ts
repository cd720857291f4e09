import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { OTHER } from '../../src/metrics/bounded.js';
import { labelNamesOf } from '../../src/metrics/label-names.js';
import { metricLabelNames } from '../../src/metrics/taken-labels.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { handshakeBuckets } from '../../src/probes/tcpconnect/metrics.js';
import { durationBuckets } from '../../src/probes/tcplife/metrics.js';
import { recordingDirs, repoRoot } from '../recordings.js';
import { madeUp, nthFlow } from './events.js';
import { parseExposition, sampleMap, seriesKey, total, type Sample } from './exposition.js';

const collect = async (dir: string): Promise<ProbeEvent[]> => {
  const events: ProbeEvent[] = [];
  for await (const e of replay(dir, { validate: true })) events.push(e);
  return events;
};

async function scraped(events: readonly ProbeEvent[], metrics = new ProbeMetrics()): Promise<Sample[]> {
  for (const e of events) metrics.observe(e);
  return parseExposition(await metrics.text());
}

/** What the exposition must hold, computed straight from the events (no cap is reached by a recording). */
function expectedSeries(events: readonly ProbeEvent[]): Map<string, number> {
  const series = new Map<string, number>();
  const add = (name: string, labels: Record<string, string>, value: number) =>
    series.set(seriesKey(name, labels), (series.get(seriesKey(name, labels)) ?? 0) + value);
  const durations = new Map<string, number[]>();
  const handshakes = new Map<string, number[]>();
  const up = new Map<string, number>();
  const latency = new Map<string, number>();
  for (const e of events) {
    const probe = e.probe;
    add('probectl_events_total', { probe, type: e.type }, 1);
    if (e.type === 'tcp.retransmit' || e.type === 'tcp.retransmit.count') {
      add(
        'probectl_tcp_retransmits_total',
        { probe, laddr: e.laddr, lport: `${e.lport}`, raddr: e.raddr, rport: `${e.rport}` },
        e.type === 'tcp.retransmit' ? 1 : e.count,
      );
    } else if (e.type === 'tcp.drop') add('probectl_tcp_drops_total', { probe, reason: e.reason ?? '' }, 1);
    else if (e.type === 'tcp.session') {
      add('probectl_tcp_sessions_total', { probe, comm: e.comm ?? '' }, 1);
      add('probectl_tcp_session_tx_bytes_total', { probe, comm: e.comm ?? '' }, Math.round(e.tx_kb * 1024));
      add('probectl_tcp_session_rx_bytes_total', { probe, comm: e.comm ?? '' }, Math.round(e.rx_kb * 1024));
      durations.set(probe, [...(durations.get(probe) ?? []), e.duration_ms / 1000]);
    } else if (e.type === 'tcp.connect') {
      add('probectl_tcp_connects_total', { probe, result: e.result ?? '', comm: e.comm }, 1);
      if (e.latency_ms !== undefined && (e.result === undefined || e.result === 'established'))
        handshakes.set(probe, [...(handshakes.get(probe) ?? []), e.latency_ms / 1000]);
    } else if (e.type === 'file.open') {
      add('probectl_file_opens_total', { probe, comm: e.comm }, 1);
      if (e.fd < 0 || e.errno !== 0) add('probectl_file_open_failures_total', { probe, errno: `${e.errno}` }, 1);
    } else if (e.type === 'process.exec') {
      // The command: comm, or where the tool printed none (execsnoop.bt) the base name of the first word of the arguments.
      const command = e.comm ?? (e.args[0] ?? '').split(' ')[0]!.split('/').pop()!;
      add('probectl_process_execs_total', { probe, comm: command }, 1);
      if (e.errno !== undefined) add('probectl_process_exec_failures_total', { probe, errno: `${e.errno}` }, 1);
    } else if (e.type === 'xdp.count') {
      const labels = { probe, iface: e.iface, proto: e.proto, family: e.family === undefined ? '' : `${e.family}` };
      add('probectl_xdp_packets_total', labels, e.packets);
      add('probectl_xdp_bytes_total', labels, e.bytes);
    } else if (e.type === 'syscall.count') {
      const labels = { probe, syscall: e.syscall ?? (e.nr === undefined ? '' : `#${e.nr}`), comm: e.comm ?? '' };
      add('probectl_syscalls_total', labels, e.count);
      if (e.errors !== undefined) add('probectl_syscall_failures_total', labels, e.errors);
      if (e.total_ns !== undefined) add('probectl_syscall_seconds_total', labels, e.total_ns / 1e9);
    } else if (e.type === 'block.latency') {
      add('probectl_block_io_total', { probe, device: e.device }, e.count);
      // The gauge keeps the last histogram with I/O: the end of the bucket where the nearest rank of each quantile falls.
      const scale = e.unit === 'msecs' ? 1000 : 1;
      for (const q of [0.5, 0.9, 0.99]) {
        const rank = Math.ceil(q * e.count);
        let seen = 0;
        const bucket = [...e.buckets].sort((a, b) => a.min! - b.min!).find((b) => (seen += b.count) >= rank);
        if (e.count > 0 && bucket !== undefined)
          latency.set(seriesKey('probectl_block_io_latency_seconds', { probe, device: e.device, quantile: `${q}` }), ((bucket.max! + 1) * scale) / 1e6);
      }
    } else if (e.type === 'memory.rate') {
      const labels = { probe, pid: `${e.pid}`, function: e.function };
      add('probectl_memory_calls_total', labels, e.calls);
      add('probectl_memory_call_bytes_total', labels, e.bytes);
    } else if (e.type === 'memory.outstanding' && e.rank === 1) {
      // Gauges: the last report's totals.
      series.set(seriesKey('probectl_memory_outstanding_bytes', { probe, pid: `${e.pid}` }), e.total_bytes);
      series.set(seriesKey('probectl_memory_outstanding_allocations', { probe, pid: `${e.pid}` }), e.total_allocations);
    } else if (e.type === 'profile.stack') add('probectl_profile_samples_total', { probe, comm: e.comm }, e.count);
    else if (e.type === 'tool.lost') add('probectl_lost_events_total', { probe }, e.count);
    else if (e.type === 'tool.diagnostic') add('probectl_diagnostics_total', { probe, level: e.level }, 1);
    else if (e.type === 'probe.status') up.set(JSON.stringify([probe, e.backend]), e.state === 'ready' ? 1 : 0);
  }
  for (const [probe, seconds] of durations) {
    for (const le of durationBuckets) add('probectl_tcp_session_duration_seconds_bucket', { probe, le: `${le}` }, seconds.filter((s) => s <= le).length);
    add('probectl_tcp_session_duration_seconds_bucket', { probe, le: '+Inf' }, seconds.length);
    add('probectl_tcp_session_duration_seconds_count', { probe }, seconds.length);
    add(
      'probectl_tcp_session_duration_seconds_sum',
      { probe },
      seconds.reduce((a, b) => a + b, 0),
    );
  }
  for (const [key, value] of latency) series.set(key, value);
  for (const [probe, seconds] of handshakes) {
    for (const le of handshakeBuckets) add('probectl_tcp_connect_handshake_seconds_bucket', { probe, le: `${le}` }, seconds.filter((s) => s <= le).length);
    add('probectl_tcp_connect_handshake_seconds_bucket', { probe, le: '+Inf' }, seconds.length);
    add('probectl_tcp_connect_handshake_seconds_count', { probe }, seconds.length);
    add(
      'probectl_tcp_connect_handshake_seconds_sum',
      { probe },
      seconds.reduce((a, b) => a + b, 0),
    );
  }
  for (const [key, value] of up) {
    const [probe, backend] = JSON.parse(key) as [string, string];
    add('probectl_probe_up', { probe, backend }, value);
  }
  return series;
}

function assertSameSeries(actual: Map<string, number>, expected: Map<string, number>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the series`);
  for (const [key, value] of expected) {
    const got = actual.get(key)!;
    // A float sum may differ in its last bits with the order of additions.
    if (key.includes('_sum{')) assert.ok(Math.abs(got - value) <= 1e-9 * Math.max(1, value), `${what}: ${key} is ${got}, the events say ${value}`);
    else assert.equal(got, value, `${what}: ${key}`);
  }
}

describe('metrics from the recordings', () => {
  for (const dir of recordingDirs()) {
    it(`${relative(repoRoot, dir)}: every series equals the count computed from its replayed events`, async () => {
      const events = await collect(dir);
      assertSameSeries(sampleMap(await scraped(events)), expectedSeries(events), relative(repoRoot, dir));
    });
  }

  it('tcpdrop/probectl: the drops by reason add up to the tcp.drop events, reason by reason', async () => {
    const events = await collect(join(repoRoot, 'recordings', 'tcpdrop', 'probectl'));
    const drops = events.filter((e) => e.type === 'tcp.drop');
    const samples = await scraped(events);
    assert.ok(drops.length > 0);
    assert.equal(total(samples, 'probectl_tcp_drops_total'), drops.length);
    for (const reason of new Set(drops.map((d) => d.reason)))
      assert.equal(total(samples, 'probectl_tcp_drops_total', { reason: reason ?? '' }), drops.filter((d) => d.reason === reason).length, `reason ${reason}`);
  });

  it('xdpcount/libbpf: packets and bytes are the sums of the xdp.count deltas, per interface and class', async () => {
    const events = await collect(join(repoRoot, 'recordings', 'xdpcount', 'libbpf'));
    const counts = events.filter((e) => e.type === 'xdp.count');
    const samples = await scraped(events);
    assert.ok(counts.length > 1, 'more than one interval, so that deltas are added');
    assert.equal(
      total(samples, 'probectl_xdp_packets_total'),
      counts.reduce((n, c) => n + c.packets, 0),
    );
    assert.equal(
      total(samples, 'probectl_xdp_bytes_total'),
      counts.reduce((n, c) => n + c.bytes, 0),
    );
    for (const proto of new Set(counts.map((c) => c.proto)))
      assert.equal(
        total(samples, 'probectl_xdp_packets_total', { iface: 'pctl-vb', proto }),
        counts.filter((c) => c.proto === proto).reduce((n, c) => n + c.packets, 0),
        proto,
      );
  });

  it('opensnoop/libbpf-lost: lost events are the sum of the tool.lost counts, opens the file.open events', async () => {
    const events = await collect(join(repoRoot, 'recordings', 'opensnoop', 'libbpf-lost'));
    const samples = await scraped(events);
    const lost = events.filter((e) => e.type === 'tool.lost');
    assert.ok(lost.length > 0);
    assert.equal(
      total(samples, 'probectl_lost_events_total', { probe: 'opensnoop' }),
      lost.reduce((n, l) => n + l.count, 0),
    );
    assert.equal(total(samples, 'probectl_file_opens_total'), events.filter((e) => e.type === 'file.open').length);
  });
});

describe('probe up', () => {
  it('is 0 while starting, 1 once ready, 0 once stopped or failed, per probe and backend', async () => {
    const metrics = new ProbeMetrics();
    const up = async () => total(parseExposition(await metrics.text()), 'probectl_probe_up', { probe: 'tcplife', backend: 'bpftrace' });
    metrics.observe(madeUp('probe.status', { backend: 'bpftrace', state: 'starting' }, 'tcplife'));
    assert.equal(await up(), 0);
    metrics.observe(madeUp('probe.status', { backend: 'bpftrace', state: 'ready' }, 'tcplife'));
    assert.equal(await up(), 1);
    metrics.observe(madeUp('probe.status', { backend: 'bpftrace', state: 'stopped' }, 'tcplife'));
    assert.equal(await up(), 0);
    metrics.observe(madeUp('probe.status', { backend: 'bpftrace', state: 'ready' }, 'tcplife'));
    metrics.observe(madeUp('probe.status', { backend: 'bpftrace', state: 'failed' }, 'tcplife'));
    assert.equal(await up(), 0);
  });
});

describe('bounded cardinality', () => {
  const CAP = 50;

  it(`10,000 distinct flows: at most ${CAP} + 1 retransmit series, the total exact, and a flow admitted early keeps counting in its own series`, async () => {
    const metrics = new ProbeMetrics({ caps: { flows: CAP } });
    const events = Array.from({ length: 10_000 }, (_, n) => madeUp('tcp.retransmit', { ...nthFlow(n), state: 'ESTABLISHED' }));
    const before = sampleMap(await scraped(events.slice(0, 5000), metrics));
    // The first flow again, and a count row for the last one, after the cap was reached long ago.
    const later = [...events.slice(5000), madeUp('tcp.retransmit', { ...nthFlow(0) }), madeUp('tcp.retransmit.count', { ...nthFlow(9999), count: 7 })];
    const samples = await scraped(later, metrics);
    const series = samples.filter((s) => s.name === 'probectl_tcp_retransmits_total');
    assert.equal(series.length, CAP + 1);
    assert.equal(total(series, 'probectl_tcp_retransmits_total'), 10_000 + 1 + 7);
    const first = nthFlow(0);
    assert.equal(total(series, 'probectl_tcp_retransmits_total', { laddr: first.laddr, lport: `${first.lport}` }), 2);
    assert.equal(total(series, 'probectl_tcp_retransmits_total', { laddr: OTHER, lport: OTHER, raddr: OTHER, rport: OTHER }), 10_000 - CAP + 7);
    // Counters never go down and no series disappears.
    const after = sampleMap(samples);
    for (const [key, value] of before) assert.ok((after.get(key) ?? -1) >= value, `${key} went from ${value} to ${after.get(key)}`);
  });

  it('process names, drop reasons, errnos and interfaces fold into "other" beyond their caps, totals exact', async () => {
    const caps = { comms: 3, reasons: 2, errnos: 2, ifaces: 1 };
    const metrics = new ProbeMetrics({ caps });
    const events: ProbeEvent[] = [];
    for (let n = 0; n < 1000; n++) {
      events.push(madeUp('file.open', { pid: n, comm: `proc-${n}`, fd: -1, errno: (n % 7) + 1, path: '/x' }, 'opensnoop'));
      events.push(madeUp('tcp.drop', { saddr: '10.0.0.1', sport: 1, daddr: '10.0.0.2', dport: 2, reason: `REASON_${n % 5}` }, 'tcpdrop'));
      events.push(
        madeUp('xdp.count', { iface: `veth${n % 4}`, proto: 'tcp', family: 4, packets: n, bytes: 60 * n, interval_ms: 1000, pps: n, bps: 480 * n }, 'xdpcount'),
      );
    }
    const samples = await scraped(events, metrics);
    const count = (name: string) => samples.filter((s) => s.name === name).length;
    assert.equal(count('probectl_file_opens_total'), caps.comms + 1);
    assert.equal(count('probectl_file_open_failures_total'), caps.errnos + 1);
    assert.equal(count('probectl_tcp_drops_total'), caps.reasons + 1);
    assert.equal(count('probectl_xdp_packets_total'), caps.ifaces + 1);
    assert.equal(total(samples, 'probectl_file_opens_total'), 1000);
    assert.equal(total(samples, 'probectl_file_opens_total', { comm: OTHER }), 1000 - caps.comms);
    assert.equal(total(samples, 'probectl_file_open_failures_total'), 1000);
    assert.equal(total(samples, 'probectl_tcp_drops_total'), 1000);
    assert.equal(total(samples, 'probectl_xdp_packets_total'), (999 * 1000) / 2);
    assert.equal(total(samples, 'probectl_xdp_bytes_total'), (60 * 999 * 1000) / 2);
  });
});

describe('user labels', () => {
  it('may not take a label name the metrics use: the reserved list holds every one', () => {
    const used = new ProbeMetrics().registry.getMetricsAsArray().flatMap((m) => (m as unknown as { labelNames: string[] }).labelNames);
    for (const name of [...used, 'le']) assert.ok((metricLabelNames as readonly string[]).includes(name), name);
  });

  it("are read from the metrics parts: a label a module's series use is reserved with them", () => {
    const names = labelNamesOf([
      (kit) => {
        const drops = kit.counter('test_total', 'Test.', ['probe', 'syscall']);
        return { 'tcp.drop': () => drops.inc({ probe: 'p', syscall: 's' }) };
      },
      (kit) => kit.histogram('test_seconds', 'Test.', ['cgroup'], [1]),
    ]);
    assert.deepEqual(names, ['probe', 'syscall', 'cgroup']);
  });

  it('appear on every sample', async () => {
    const metrics = new ProbeMetrics({ labels: { cluster: 'test', zone: 'a b "c"' } });
    const samples = await scraped(await collect(join(repoRoot, 'recordings', 'tcplife', 'libbpf-default')), metrics);
    assert.ok(samples.length > 10);
    for (const s of samples) assert.deepEqual([s.labels.cluster, s.labels.zone], ['test', 'a b "c"'], `${s.name} ${JSON.stringify(s.labels)}`);
  });
});
