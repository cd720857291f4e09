import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { MetricsPusher, shownUrl } from '../../src/metrics/push.js';
import { madeUp } from './events.js';
import { parseExposition, total } from './exposition.js';

interface Received {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

/** A receiver on a free port that answers with status() and keeps what it was sent. */
async function receiver(status: () => number) {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (d: string) => (body += d));
    request.on('end', () => {
      received.push({ method: request.method!, path: request.url!, contentType: request.headers['content-type'] ?? '', body });
      const code = status();
      response.writeHead(code).end(code >= 400 ? 'cannot parse line 1\nmore' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const drop = () => madeUp('tcp.drop', { saddr: '10.0.0.1', sport: 1, daddr: '10.0.0.2', dport: 2, reason: 'NETFILTER_DROP' }, 'tcpdrop');
const drops = (r: Received) => total(parseExposition(r.body), 'probectl_tcp_drops_total');

describe('the push loop', () => {
  it('POSTs the exposition to the URL as given every interval, and once more at stop with everything counted', async () => {
    const target = await receiver(() => 204);
    const metrics = new ProbeMetrics({ labels: { cluster: 'test' } });
    const warnings: string[] = [];
    const pusher = new MetricsPusher(
      { url: new URL(`http://127.0.0.1:${target.port}/api/v1/import/prometheus?extra_label=a=b`), intervalMs: 50 },
      metrics,
      (l) => warnings.push(l),
    );
    try {
      metrics.observe(drop());
      pusher.start();
      while (target.received.length < 2) await sleep(10);
      metrics.observe(drop());
      metrics.observe(drop());
      await pusher.stop();
      const pushes = target.received.length;
      await sleep(150);
      assert.equal(target.received.length, pushes, 'nothing is pushed after stop');
    } finally {
      await target.close();
    }
    const last = target.received.at(-1)!;
    assert.deepEqual(
      [last.method, last.path, last.contentType],
      ['POST', '/api/v1/import/prometheus?extra_label=a=b', 'text/plain; version=0.0.4; charset=utf-8'],
    );
    assert.equal(drops(target.received[0]!), 1);
    assert.equal(drops(last), 3, 'the last push holds the drops counted before stop');
    assert.ok(parseExposition(last.body).every((s) => s.labels.cluster === 'test'));
    assert.deepEqual(warnings, []);
    assert.equal(pusher.pushes.failed, 0);
  });

  it('pushes at stop even when no interval has passed', async () => {
    const target = await receiver(() => 204);
    const metrics = new ProbeMetrics();
    const pusher = new MetricsPusher({ url: new URL(`http://127.0.0.1:${target.port}/`), intervalMs: 60_000 }, metrics, () => {});
    try {
      pusher.start();
      metrics.observe(drop());
      await pusher.stop();
    } finally {
      await target.close();
    }
    assert.equal(target.received.length, 1);
    assert.equal(drops(target.received[0]!), 1);
  });

  it('a failing endpoint is one warning per problem, a retry each interval, and a note once it works again', async () => {
    let failing = true;
    const target = await receiver(() => (failing ? 400 : 200));
    const warnings: string[] = [];
    const url = `http://127.0.0.1:${target.port}/metrics/job/probectl`;
    const pusher = new MetricsPusher({ url: new URL(url), intervalMs: 30 }, new ProbeMetrics(), (l) => warnings.push(l));
    try {
      pusher.start();
      while (pusher.pushes.failed < 3) await sleep(10);
      failing = false;
      while (pusher.pushes.ok < 1) await sleep(10);
      await pusher.stop();
    } finally {
      await target.close();
    }
    assert.equal(warnings[0], `probectl: warning: could not push the metrics to ${url}: HTTP 400 Bad Request: cannot parse line 1; trying again every 0.03 s`);
    assert.match(warnings[1]!, new RegExp(`^probectl: pushed the metrics to ${url} again, after \\d+ failed pushes$`));
    assert.equal(warnings.length, 2, warnings.join('\n'));
  });

  it('an unreachable endpoint never throws: stop warns that the last push failed', async () => {
    const target = await receiver(() => 200);
    await target.close(); // a port nothing listens on any more
    const warnings: string[] = [];
    const pusher = new MetricsPusher({ url: new URL(`http://127.0.0.1:${target.port}/`), intervalMs: 20 }, new ProbeMetrics(), (l) => warnings.push(l));
    pusher.start();
    while (pusher.pushes.failed < 2) await sleep(10);
    await pusher.stop();
    assert.match(warnings[0]!, /could not push the metrics to .*: ECONNREFUSED; trying again/);
    assert.match(warnings.at(-1)!, /^probectl: warning: the last push of the metrics to .* failed: ECONNREFUSED$/);
  });

  it('hides a password in the URL it prints', () => {
    assert.equal(shownUrl(new URL('https://user:secret@vm:8428/api/v1/import/prometheus')), 'https://user:***@vm:8428/api/v1/import/prometheus');
    assert.equal(shownUrl(new URL('http://vm:8428/x')), 'http://vm:8428/x');
  });
});
