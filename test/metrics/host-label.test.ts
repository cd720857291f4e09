import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { repoRoot } from '../recordings.js';
import { parseExposition, seriesKey, type Sample } from './exposition.js';

async function scraped(events: readonly ProbeEvent[], metrics: ProbeMetrics): Promise<Sample[]> {
  for (const e of events) metrics.observe(e);
  return parseExposition(await metrics.text());
}

it("a fleet's metrics (hostLabel) keep the hosts apart: every sample has its host, and the hosts add up to the series without the label", async () => {
  const events: ProbeEvent[] = [];
  for (const probe of ['tcpdrop/probectl', 'tcplife/bcc-T'])
    for await (const e of replay(join(repoRoot, 'recordings', probe), { validate: true })) events.push(e);
  // Of each type, every other event from host b, the rest from host a.
  const seen = new Map<string, number>();
  const fleet = events.map((e) => {
    const n = seen.get(e.type) ?? 0;
    seen.set(e.type, n + 1);
    return { ...e, host: n % 2 === 1 ? 'root@b' : 'root@a' };
  });
  const perHost = await scraped(fleet, new ProbeMetrics({ hostLabel: true }));
  const together = await scraped(fleet, new ProbeMetrics());
  assert.ok(perHost.length > 10, `samples: ${perHost.length}`);
  assert.deepEqual(new Set(perHost.map((s) => s.labels.host)), new Set(['root@a', 'root@b']));
  const summed = new Map<string, number>();
  for (const s of perHost) {
    const { host: _host, ...rest } = s.labels;
    const key = seriesKey(s.name, rest);
    summed.set(key, (summed.get(key) ?? 0) + s.value);
  }
  const expected = new Map(together.map((s) => [seriesKey(s.name, s.labels), s.value]));
  // Gauges keep the last value each host set, so only the counters and histograms add up; every series appears in both.
  assert.deepEqual([...summed.keys()].sort(), [...expected.keys()].sort());
  const drops = perHost.filter((s) => s.name === 'probectl_events_total' && s.labels.type === 'tcp.drop');
  assert.equal(
    drops.reduce((n, s) => n + s.value, 0),
    fleet.filter((e) => e.type === 'tcp.drop').length,
  );
  const fromB = fleet.filter((e) => e.type === 'tcp.drop' && e.host === 'root@b').length;
  assert.ok(fromB > 0);
  assert.equal(drops.find((s) => s.labels.host === 'root@b')?.value, fromB);
});
