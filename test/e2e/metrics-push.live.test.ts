// Live, end to end: `probectl run opensnoop --push` into a real VictoriaMetrics, with a label; what it stored equals what a known process's opens were and what probectl printed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';
import { loadedPrograms } from './bpf-programs.js';
import { startCli } from './cli-process.js';
import { installedOrSkip } from './installed.js';
import { awaitNothingLeft } from './leftovers.js';
import { startOpenWorkload, WORKLOAD_COMM, type OpenResult } from './open-workload.js';
import { until } from './until.js';
import { startVictoriaMetrics, VICTORIA_METRICS, type ExportedSeries, type VictoriaMetrics } from './victoria-metrics.js';

const lines = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ProbeEvent);
/** A series' value as of its last sample. */
const lastValue = (s: ExportedSeries) => s.values[s.timestamps.indexOf(Math.max(...s.timestamps))]!;
const lastSum = (series: ExportedSeries[], name: string, labels: Record<string, string> = {}) =>
  series.filter((s) => s.metric.__name__ === name && Object.entries(labels).every(([k, v]) => s.metric[k] === v)).reduce((n, s) => n + lastValue(s), 0);

it("probectl run --push: VictoriaMetrics stores the opens of a known process, by errno, with the run's label, pushed while running and once at the end", {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t) || !installedOrSkip(t, VICTORIA_METRICS, 'victoria-metrics')) return;
  const dir = mkdtempSync(join(tmpdir(), 'pctl-e2e-victoria-'));
  const before = loadedPrograms();
  let vm: VictoriaMetrics | undefined;
  const workload = await startOpenWorkload();
  try {
    vm = await startVictoriaMetrics(dir);
    const v = vm;
    const run = startCli(['run', 'opensnoop', '--pid', String(workload.pid), '--push', vm.importUrl, '--push-interval', '1', '--label', 'cluster=test']);
    let opened: OpenResult[];
    try {
      await run.ready(1);
      await until('a push while the probe is ready', async () => (await v.exportSeries('probectl_probe_up')).some((s) => s.values.includes(1)), 20_000, 250);
      opened = await workload.go();
      await sleep(500); // the last events reach the tool's buffer
    } finally {
      run.signal('SIGINT');
      const kill = setTimeout(() => run.signal('SIGKILL'), 30_000);
      await run.ended.finally(() => clearTimeout(kill));
    }
    const end = await run.ended;
    assert.equal(end.code, 0, end.stderr);
    // The last push says the probe stopped: nothing was counted after it.
    let series: ExportedSeries[] = [];
    await until(
      'the last push stored',
      async () => lastSum((series = await v.exportSeries('{__name__=~"probectl_.*"}')), 'probectl_probe_up', { probe: 'opensnoop' }) === 0 && series.length > 1,
      20_000,
      250,
    );
    const opens = lines(end.stdout).filter((e) => e.type === 'file.open');
    const upSamples = series.find((s) => s.metric.__name__ === 'probectl_probe_up')!;
    t.diagnostic(
      `the process got ${JSON.stringify(opened.map((o) => [o.path.replace(/.*\//, ''), o.fd, o.errno]))}; probectl printed ${opens.length} file.open events; VictoriaMetrics: ${series.length} series, probectl_probe_up samples ${JSON.stringify(upSamples.values)}; stderr: ${JSON.stringify(end.stderr)}`,
    );

    assert.ok(
      series.every((s) => s.metric.cluster === 'test'),
      `a series without cluster="test": ${JSON.stringify(series.find((s) => s.metric.cluster !== 'test')?.metric)}`,
    );
    assert.ok(upSamples.values.length >= 2 && upSamples.values.includes(1), 'pushed while running (up = 1), then at the end (up = 0)');
    // The ground truth is what the process itself got; probectl's printed events are held to it too.
    for (const o of opened)
      assert.equal(opens.filter((e) => e.path === o.path && e.errno === o.errno).length, 1, `${o.path} printed once with errno ${o.errno}`);
    // After it was told to go, the process opened nothing but its three files (--pid keeps only its opens).
    assert.equal(lastSum(series, 'probectl_file_opens_total', { comm: WORKLOAD_COMM }), opened.length);
    assert.equal(lastSum(series, 'probectl_file_opens_total'), opens.length);
    for (const errno of new Set(opened.filter((o) => o.errno !== 0).map((o) => o.errno))) {
      const metric = lastSum(series, 'probectl_file_open_failures_total', { errno: String(errno) });
      assert.equal(metric, opened.filter((o) => o.errno === errno).length, `errno ${errno}: the process's own count`);
      assert.equal(metric, opens.filter((e) => e.errno === errno).length, `errno ${errno}: the printed events`);
    }
    assert.equal(lastSum(series, 'probectl_file_open_failures_total'), opens.filter((e) => e.errno !== 0).length);
    assert.equal(lastSum(series, 'probectl_events_total', { type: 'file.open' }), opens.length);
    assert.deepEqual(await awaitNothingLeft(run, before, ['PROBECTL opensnoop v1']), { processes: [], pgrep: [], ours: [], orphans: [] });
  } finally {
    workload.remove();
    await vm?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
