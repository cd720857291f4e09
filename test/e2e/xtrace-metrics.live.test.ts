// XTrace-Catch's names on real tools, no root: promtool accepts the exposition, and VictoriaMetrics, pushed to as XTrace-Catch users configure it, counts the xdp lab's RoCE v2 datagrams.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { repoRoot } from '../recordings.js';
import { MAIN } from './cli-process.js';
import { installedOrSkip } from './installed.js';
import { startVictoriaMetrics, VICTORIA_METRICS, type VictoriaMetrics } from './victoria-metrics.js';

const PROMTOOL = '/usr/bin/promtool';
const LAB = join(repoRoot, 'recordings', 'labs', 'xdp');

/** What the lab's generator says it sent to RoCE v2's port: "sent 40 datagrams of 200 bytes". */
function datagramsSent(): number {
  const m = /^sent (\d+) datagrams/m.exec(readFileSync(join(LAB, 'roce.txt'), 'utf8'));
  assert.ok(m !== null, 'roce.txt says what was sent');
  return Number(m[1]);
}

it('promtool check metrics passes on the xtrace exposition of the xdp lab', async (t) => {
  if (!installedOrSkip(t, PROMTOOL, 'prometheus')) return;
  const metrics = new ProbeMetrics({ naming: { scheme: 'xtrace', collectAgg: 'cluster-01' } });
  for await (const event of replay(join(LAB, 'xdpcount'))) metrics.observe(event);
  const text = await metrics.text();
  assert.match(text, /^# TYPE xtrace_network_packets_total counter$/m);
  assert.match(text, /^# TYPE xtrace_network_flow_bytes gauge$/m);
  assert.doesNotMatch(text, /probectl_xdp_/, 'the xtrace names replace probectl_xdp_*');
  const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stdout}${check.stderr}\n${text}`);
});

it('VICTORIAMETRICS_ENABLED, VICTORIAMETRICS_REMOTE_WRITE and COLLECT_AGG push the lab replay: xtrace_network_packets_total{traffic_type="RoCE_v2"} is the datagrams sent', {
  timeout: 120_000,
}, async (t) => {
  if (!installedOrSkip(t, VICTORIA_METRICS, 'victoria-metrics')) return;
  const dir = mkdtempSync(join(tmpdir(), 'pctl-xtrace-'));
  let vm: VictoriaMetrics | undefined;
  try {
    vm = await startVictoriaMetrics(dir);
    const end = spawnSync(process.execPath, [MAIN, 'replay', join(LAB, 'xdpcount'), '--metrics-names', 'xtrace'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, VICTORIAMETRICS_ENABLED: 'true', VICTORIAMETRICS_REMOTE_WRITE: vm.writeUrl, COLLECT_AGG: 'lab-xdp' },
    });
    assert.equal(end.status, 0, end.stderr);
    assert.match(end.stderr, /pushing metrics by remote write to /);
    const roce = await vm.query('xtrace_network_packets_total{traffic_type="RoCE_v2"}');
    assert.equal(roce.length, 1, JSON.stringify(roce));
    assert.equal(roce[0]!.value, datagramsSent());
    assert.deepEqual(
      { ...roce[0]!.metric, host_ip: undefined },
      {
        __name__: 'xtrace_network_packets_total',
        src_ip: '10.201.0.1',
        dst_ip: '10.201.0.2',
        src_port: '32878',
        dst_port: '4791',
        protocol: '17',
        traffic_type: 'RoCE_v2',
        interface: 'pctl-vb',
        host_ip: undefined,
        collect_agg: 'lab-xdp',
      },
    );
    assert.match(roce[0]!.metric.host_ip ?? '', /^\d+\.\d+\.\d+\.\d+$/, 'host_ip: an IPv4 address of this host');
    const bytes = await vm.query('sum(xtrace_network_bytes_total{traffic_type="RoCE_v2"})');
    assert.equal(bytes[0]!.value, datagramsSent() * (200 + 14 + 20 + 8), 'each datagram of 200 bytes with its UDP, IPv4 and Ethernet headers');
  } finally {
    await vm?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
