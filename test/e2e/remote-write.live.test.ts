// Real servers, no root: one replay pushed by remote write to VictoriaMetrics and to Prometheus, and by the text format to VictoriaMetrics, reads back the same from each.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../recordings.js';
import { MAIN } from './cli-process.js';
import { installedOrSkip } from './installed.js';
import { PROMETHEUS, startPrometheusReceiver, type Prometheus } from './prometheus.js';
import { until } from './until.js';
import { startVictoriaMetrics, VICTORIA_METRICS, type ExportedSeries, type VictoriaMetrics } from './victoria-metrics.js';

/** xdpcount's lab run (counters), tcpretrans (bounded flow labels) and tcplife (histograms), replayed as one stream. */
const RECORDINGS = { xdpcount: 'recordings/labs/xdp/xdpcount', tcpretrans: 'recordings/tcpretrans/bcc-default', tcplife: 'recordings/tcplife/libbpf-default' };

const replay = (dir: string, ...args: string[]) => {
  const end = spawnSync(process.execPath, [MAIN, 'replay', dir, ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(end.status, 0, end.stderr);
  return end.stderr;
};

/** A series' identity without the label that tells the pushes apart. */
const key = (metric: Record<string, string>) =>
  JSON.stringify(
    Object.entries(metric)
      .filter(([name]) => name !== 'via')
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
const lastValue = (s: ExportedSeries) => s.values[s.timestamps.indexOf(Math.max(...s.timestamps))]!;
const byKey = (entries: [Record<string, string>, number][]) => new Map(entries.map(([metric, value]) => [key(metric), value]));

it('the same replay reads back the same from VictoriaMetrics (text, remote write) and Prometheus (remote write): every series, every value', {
  timeout: 180_000,
}, async (t) => {
  if (!installedOrSkip(t, VICTORIA_METRICS, 'victoria-metrics') || !installedOrSkip(t, PROMETHEUS, 'prometheus')) return;
  const dir = mkdtempSync(join(tmpdir(), 'pctl-remote-write-'));
  let vm: VictoriaMetrics | undefined;
  let prometheus: Prometheus | undefined;
  try {
    const set = join(dir, 'set');
    for (const [probe, from] of Object.entries(RECORDINGS)) cpSync(join(repoRoot, from), join(set, probe), { recursive: true });
    vm = await startVictoriaMetrics(join(dir, 'vm'));
    prometheus = await startPrometheusReceiver(join(dir, 'prometheus'));

    const stderr = [
      replay(set, '--push', vm.importUrl, '--label', 'via=text'),
      replay(set, '--push', vm.writeUrl, '--label', 'via=remote_write'),
      replay(set, '--push', prometheus.writeUrl, '--label', 'via=remote_write'),
    ];
    assert.match(stderr[1]!, /pushing metrics by remote write to /);
    assert.ok(
      stderr.every((s) => !s.includes('warning')),
      stderr.join('\n'),
    );

    const v = vm;
    let text: ExportedSeries[] = [];
    let written: ExportedSeries[] = [];
    await until(
      'both pushes stored in VictoriaMetrics',
      async () => {
        text = await v.exportSeries('{via="text"}');
        written = await v.exportSeries('{via="remote_write"}');
        return text.length > 0 && written.length === text.length;
      },
      20_000,
      250,
    );
    const fromText = byKey(text.map((s) => [s.metric, lastValue(s)]));
    const fromVm = byKey(written.map((s) => [s.metric, lastValue(s)]));
    const fromPrometheus = byKey((await prometheus.query('{via="remote_write"}')).map((r) => [r.metric, r.value]));
    t.diagnostic(`${fromText.size} series by text; ${fromVm.size} by remote write into VictoriaMetrics, ${fromPrometheus.size} into Prometheus`);

    assert.deepEqual(fromVm, fromText, 'VictoriaMetrics: remote write against the text push');
    assert.deepEqual(fromPrometheus, fromText, 'Prometheus: remote write against the text push');
    // What the series hold, from the recordings themselves: the lab's 40 RoCE v2 datagrams, tcplife's sessions as a histogram.
    const value = (labels: Record<string, string>) =>
      [...fromPrometheus].find(([k]) => Object.entries(labels).every(([n, v]) => k.includes(JSON.stringify([n, v]))))?.[1];
    assert.equal(value({ __name__: 'probectl_xdp_packets_total', proto: 'roce_v2' }), 40);
    const buckets = [...fromPrometheus.keys()].filter((k) => k.includes('_bucket"') && k.includes('"le"'));
    assert.ok(buckets.length > 0, 'histogram buckets were written');
    assert.ok(
      [...fromPrometheus.keys()].some((k) => k.includes('_count"')) && [...fromPrometheus.keys()].some((k) => k.includes('_sum"')),
      'histogram _sum and _count',
    );
    assert.ok(
      [...fromPrometheus.keys()].some((k) => k.includes('"probe","tcpretrans"')),
      'tcpretrans series',
    );
  } finally {
    await vm?.stop();
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
