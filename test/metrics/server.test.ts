import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { serveMetrics } from '../../src/metrics/server.js';
import { madeUp } from './events.js';
import { parseExposition, total } from './exposition.js';

describe('the metrics server', () => {
  it('serves the exposition at /metrics as it is now, 404 elsewhere, 405 for other methods, and is gone once closed', async () => {
    const metrics = new ProbeMetrics();
    const server = await serveMetrics({ host: '127.0.0.1', port: 0 }, metrics);
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      metrics.observe(madeUp('tcp.drop', { saddr: '10.0.0.1', sport: 1, daddr: '10.0.0.2', dport: 2, reason: 'NETFILTER_DROP' }, 'tcpdrop'));
      const first = await fetch(server.url);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      assert.equal(total(parseExposition(await first.text()), 'probectl_tcp_drops_total', { reason: 'NETFILTER_DROP' }), 1);
      metrics.observe(madeUp('tcp.drop', { saddr: '10.0.0.1', sport: 1, daddr: '10.0.0.2', dport: 2, reason: 'NETFILTER_DROP' }, 'tcpdrop'));
      assert.equal(total(parseExposition(await (await fetch(`${server.url}?x=1`)).text()), 'probectl_tcp_drops_total'), 2);
      for (const path of ['/', '/metric', '/metrics/', '/api/v1/query']) assert.equal((await fetch(server.url.replace('/metrics', path))).status, 404, path);
      assert.equal((await fetch(server.url, { method: 'POST', body: 'x' })).status, 405);
      assert.equal((await fetch(server.url, { method: 'HEAD' })).status, 200);
    } finally {
      await server.close();
    }
    await assert.rejects(fetch(server.url), /fetch failed/);
  });

  it('closes while a scraper holds a keep-alive connection', async () => {
    const server = await serveMetrics({ host: '127.0.0.1', port: 0 }, new ProbeMetrics());
    await (await fetch(server.url, { keepalive: true })).text();
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 1000, `closing took ${Date.now() - started} ms`);
  });

  it('a port in use is a ProbectlError naming the port and what to do', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    try {
      await assert.rejects(serveMetrics({ host: '127.0.0.1', port }, new ProbeMetrics()), (e: unknown) => {
        assert.ok(e instanceof ProbectlError);
        assert.equal(e.message, `cannot serve metrics on 127.0.0.1:${port}: the port is in use.`);
        assert.match(e.suggestion, /another port with --metrics HOST:PORT/);
        return true;
      });
    } finally {
      other.close();
    }
  });
});
