import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { isRemoteWriteUrl, RemoteWritePusher } from '../../src/metrics/remote-write.js';
import { DEFAULT_SPOOL_LIMITS, SampleSpool } from '../../src/metrics/sample-spool.js';
import { snapshotSeries } from '../../src/metrics/snapshot-series.js';
import { readWriteRequest, type TimeSeries } from '../../src/metrics/write-request.js';
import { repoRoot } from '../recordings.js';
import { madeUp } from './events.js';
import { parseExposition } from './exposition.js';

interface Received {
  headers: IncomingMessage['headers'];
  series: TimeSeries[];
}

/** A remote write receiver on a free port that answers with answer(n) for the n-th request (from 0) and keeps the series of those it took. */
async function receiver(answer: (n: number) => number) {
  const received: Received[] = [];
  let requests = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const code = answer(requests++);
      if (code < 300) received.push({ headers: request.headers, series: readWriteRequest(Buffer.concat(chunks)) });
      response.writeHead(code).end(code >= 400 ? 'out of order sample\n' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`);
  return { received, url, requests: () => requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const drop = () => madeUp('tcp.drop', { saddr: '10.0.0.1', sport: 1, daddr: '10.0.0.2', dport: 2, reason: 'NETFILTER_DROP' }, 'tcpdrop');
const nameOf = (s: TimeSeries) => s.labels.find((l) => l.name === '__name__')!.value;
const dropsIn = (r: Received) => r.series.find((s) => nameOf(s) === 'probectl_tcp_drops_total')?.samples[0]?.value;

describe('remote write', () => {
  it('is chosen by a URL whose path ends in /api/v1/write', () => {
    assert.ok(isRemoteWriteUrl(new URL('http://vm:8428/api/v1/write')));
    assert.ok(isRemoteWriteUrl(new URL('https://u:p@prom:9090/api/v1/write/?x=1')));
    assert.ok(!isRemoteWriteUrl(new URL('http://vm:8428/api/v1/import/prometheus')));
    assert.ok(!isRemoteWriteUrl(new URL('http://pg:9091/metrics/job/api/v1/write/x')));
  });

  it('carries the samples of the text exposition: the same names, labels (empty ones left out) and values, histograms as _bucket, _sum and _count', async () => {
    const metrics = new ProbeMetrics({ labels: { cluster: 'test' } });
    for await (const event of replay(join(repoRoot, 'recordings', 'tcplife', 'libbpf-default'))) metrics.observe(event);
    const fromText = parseExposition(await metrics.text()).map((s) => ({
      name: s.name,
      labels: Object.fromEntries(Object.entries(s.labels).filter(([, v]) => v !== '')),
      value: s.value,
    }));
    const series = snapshotSeries(await metrics.snapshot(), 1234);
    const fromRemoteWrite = series.map((s) => ({
      name: nameOf(s),
      labels: Object.fromEntries(s.labels.filter((l) => l.name !== '__name__').map((l) => [l.name, l.value])),
      value: s.samples[0]!.value,
    }));
    const sorted = (list: typeof fromText) => list.map((s) => JSON.stringify([s.name, Object.entries(s.labels).sort(), s.value])).sort();
    assert.deepEqual(sorted(fromRemoteWrite), sorted(fromText));
    assert.ok(
      fromText.some((s) => s.name.endsWith('_bucket') && s.labels.le === '+Inf'),
      'a histogram is among them',
    );
    for (const s of series) {
      assert.deepEqual(
        s.samples.map((x) => x.timestamp),
        [1234],
      );
      const names = s.labels.map((l) => l.name);
      assert.deepEqual(names, [...names].sort(), 'labels sorted by name');
    }
  });

  it('sends a snapshot every interval and at stop, with the remote write headers, timestamps in ms that always grow', async () => {
    const target = await receiver(() => 204);
    const metrics = new ProbeMetrics();
    const warnings: string[] = [];
    const pusher = new RemoteWritePusher({ url: target.url, intervalMs: 40 }, metrics, (l) => warnings.push(l), DEFAULT_SPOOL_LIMITS);
    const before = Date.now();
    try {
      metrics.observe(drop());
      pusher.start();
      while (target.received.length < 2) await sleep(10);
      metrics.observe(drop());
      await pusher.stop();
    } finally {
      await target.close();
    }
    const first = target.received[0]!;
    assert.equal(first.headers['content-encoding'], 'snappy');
    assert.equal(first.headers['content-type'], 'application/x-protobuf');
    assert.equal(first.headers['x-prometheus-remote-write-version'], '0.1.0');
    assert.equal(dropsIn(first), 1);
    assert.equal(dropsIn(target.received.at(-1)!), 2, 'the last snapshot holds every drop');
    const stamps = target.received.map((r) => r.series[0]!.samples[0]!.timestamp);
    assert.ok(stamps[0]! >= before && stamps.at(-1)! <= Date.now(), `milliseconds since the epoch: ${stamps}`);
    assert.ok(
      stamps.every((s, i) => i === 0 || s > stamps[i - 1]!),
      `${stamps}`,
    );
    assert.deepEqual(warnings, []);
  });

  it('while the server answers 503, keeps the snapshots and sends them all, in order, when it answers again; says so once each way', async () => {
    const target = await receiver((n) => (n < 3 ? 503 : 204));
    const metrics = new ProbeMetrics();
    const warnings: string[] = [];
    const pusher = new RemoteWritePusher({ url: target.url, intervalMs: 30 }, metrics, (l) => warnings.push(l), DEFAULT_SPOOL_LIMITS);
    try {
      metrics.observe(drop());
      pusher.start();
      while (pusher.pushes.failed < 1) await sleep(5);
      while (target.received.length < 3) {
        metrics.observe(drop());
        await sleep(25);
      }
      await pusher.stop();
    } finally {
      await target.close();
    }
    const drops = target.received.map(dropsIn);
    assert.ok(
      drops.every((d, i) => i === 0 || d! >= drops[i - 1]!),
      `sent oldest first: ${drops}`,
    );
    assert.equal(drops[0], 1, 'the first snapshot, kept while the server was away, arrived first');
    assert.equal(pusher.pushes.failed, 3);
    assert.match(
      warnings[0]!,
      /could not push the metrics to .*: HTTP 503 Service Unavailable: out of order sample; keeping them and trying again with backoff$/,
    );
    assert.match(warnings[1]!, /^probectl: pushed the metrics to .* again, after 3 failed tries$/);
    assert.equal(warnings.length, 2, warnings.join('\n'));
  });

  it('drops a request the server refuses with a 4xx (not 429) instead of sending it again, and says so', async () => {
    const target = await receiver((n) => (n === 0 ? 400 : 204));
    const metrics = new ProbeMetrics();
    const warnings: string[] = [];
    const pusher = new RemoteWritePusher({ url: target.url, intervalMs: 60_000 }, metrics, (l) => warnings.push(l), DEFAULT_SPOOL_LIMITS);
    metrics.observe(drop());
    pusher.start();
    await pusher.stop();
    await target.close();
    assert.equal(target.requests(), 1, 'the refused request is not sent again');
    assert.equal(pusher.pushes.refused, 1);
    assert.match(warnings[0]!, /refused a remote write request \(HTTP 400 Bad Request: out of order sample\); its samples are dropped$/);
  });

  it('with a spool too small for what waits, drops the newest snapshots, counts them and says so', async () => {
    const target = await receiver(() => 503);
    const metrics = new ProbeMetrics();
    metrics.observe(drop());
    const warnings: string[] = [];
    const pusher = new RemoteWritePusher({ url: target.url, intervalMs: 20 }, metrics, (l) => warnings.push(l), { memoryBytes: 1, fileBytes: 0 });
    pusher.start();
    await sleep(100);
    await pusher.stop();
    await target.close();
    assert.match(warnings.join('\n'), /dropping snapshots of the metrics while .* is away: memory is full; --spool DIR adds a file/);
    assert.match(warnings.at(-1)!, /^probectl: warning: \d+ samples \(\d+ snapshots\) were dropped while .* was away: the spool was full$/);
  });
});

describe('the spool', () => {
  const request = (n: number) => ({ body: new Uint8Array(10).fill(n), samples: n });

  it('keeps requests in memory to its bound, then in a file under its directory, hands them back oldest first, and removes the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pctl-spool-'));
    try {
      const spool = new SampleSpool({ memoryBytes: 20, dir, fileBytes: 30 });
      for (let n = 1; n <= 6; n++) assert.equal(spool.add(request(n)), n <= 5, `request ${n}`);
      assert.deepEqual(spool.dropped, { requests: 1, samples: 6 });
      assert.ok(existsSync(spool.file!), 'the overflow went to the file');
      assert.deepEqual(spool.size, { requests: 5, samples: 15 });
      const out: number[] = [];
      for (let next = spool.first(); next !== undefined; next = spool.first()) {
        assert.deepEqual([...next.body], new Array(10).fill(next.samples), 'the bytes come back as they were');
        out.push(next.samples);
        spool.shift();
        // Later requests wait behind those in the file, which takes new ones again once it has drained.
        if (next.samples === 2) assert.equal(spool.add(request(7)), false, 'the file is still full');
        if (next.samples === 5) assert.equal(spool.add(request(8)), true, 'all sent: room again');
      }
      assert.deepEqual(out, [1, 2, 3, 4, 5, 8]);
      assert.deepEqual(spool.dropped, { requests: 2, samples: 13 });
      spool.close();
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a directory, keeps only what memory holds', () => {
    const spool = new SampleSpool({ memoryBytes: 25, fileBytes: 1000 });
    assert.deepEqual(
      [1, 2, 3].map((n) => spool.add(request(n))),
      [true, true, false],
    );
    assert.equal(spool.file, undefined);
  });
});
