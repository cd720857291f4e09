// Live, end to end: a real Prometheus scrapes `probectl run tcplife tcpretrans --metrics` during lab traffic and holds what the generator, an in-kernel count and the printed events say.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { labTraffic, LAB, type LabTrafficResult } from '../../src/lab/index.js';
import { liveOrSkip } from '../live.js';
import { loadedPrograms } from './bpf-programs.js';
import { startCli } from './cli-process.js';
import { freePort } from './free-port.js';
import { installedOrSkip } from './installed.js';
import { settledDrops, withLab } from './lab-session.js';
import { awaitNothingLeft } from './leftovers.js';
import { PROMETHEUS, startPrometheus, type Prometheus, type QueryResult } from './prometheus.js';
import { countRetransmits } from './retransmit-counter.js';
import { until } from './until.js';

const CONNECTIONS = 4;
const BYTES = 1 << 20;
const REPLY = 65_536;
const LAB_NETWORK = LAB.client.addr.replace(/\.\d+$/, '');
const inLab = (address: string) => address === LAB.client.addr || address === LAB.server.addr;

const sumOf = (results: QueryResult[]) => results.reduce((n, r) => n + r.value, 0);
const lines = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ProbeEvent);

it('probectl run --metrics: Prometheus scrapes the sessions, bytes and retransmits of lab traffic as the generator, an in-kernel count and the printed events have them', {
  timeout: 180_000,
}, async (t) => {
  if (!liveOrSkip(t) || !installedOrSkip(t, PROMETHEUS, 'prometheus')) return;
  const dir = mkdtempSync(join(tmpdir(), 'pctl-e2e-prometheus-'));
  const before = loadedPrograms();
  try {
    await withLab(5, async () => {
      const counter = await countRetransmits(LAB.port, LAB_NETWORK);
      let counted: number | undefined;
      const port = await freePort();
      const run = startCli(['run', 'tcplife', 'tcpretrans', '--port', String(LAB.port), '--metrics', `127.0.0.1:${port}`]);
      let prometheus: Prometheus | undefined;
      let traffic: LabTrafficResult;
      let scraped: Record<string, QueryResult[]>;
      try {
        await run.ready(2);
        prometheus = await startPrometheus(`127.0.0.1:${port}`, dir);
        const p = prometheus;
        await until('a first scrape of probectl', async () => sumOf(await p.query('up{job="probectl"}')) === 1, 30_000, 200);
        traffic = await labTraffic({ connections: CONNECTIONS, bytes: BYTES, reply: REPLY, timeout: 10 });
        await settledDrops(); // every socket closed, nothing left to retransmit
        await until(
          `Prometheus has ${2 * CONNECTIONS} sessions`,
          async () => sumOf(await p.query('probectl_tcp_sessions_total')) === 2 * CONNECTIONS,
          20_000,
          200,
        );
        // One more scrape after this point, so that whatever probectl printed by now is in Prometheus.
        const now = Date.now() / 1000;
        await until('a scrape after the traffic settled', async () => (await p.query('timestamp(up{job="probectl"})'))[0]!.value > now, 10_000, 200);
        const queries = [
          'probectl_tcp_sessions_total',
          'probectl_tcp_session_tx_bytes_total',
          'probectl_tcp_session_rx_bytes_total',
          'probectl_tcp_session_duration_seconds_count',
          'probectl_tcp_retransmits_total',
          'probectl_probe_up',
        ];
        scraped = Object.fromEntries(await Promise.all(queries.map(async (q) => [q, await p.query(q)] as const)));
      } finally {
        run.signal('SIGINT');
        const kill = setTimeout(() => run.signal('SIGKILL'), 30_000);
        await run.ended.finally(() => clearTimeout(kill));
        await prometheus?.stop();
        counted = await counter.stop();
      }
      const end = await run.ended;
      assert.equal(end.code, 0, end.stderr);
      const events = lines(end.stdout);
      const sessions = events.filter((e) => e.type === 'tcp.session');
      const retransmits = events.filter((e) => e.type === 'tcp.retransmit');
      const sent = traffic.connections.reduce((n, c) => n + c.client!.sent! + c.server!.sent!, 0);
      const received = traffic.connections.reduce((n, c) => n + c.client!.received! + c.server!.received!, 0);
      const labRetransmits = scraped.probectl_tcp_retransmits_total!.filter((r) => inLab(r.metric.laddr!) && inLab(r.metric.raddr!));
      t.diagnostic(
        `generator: ${traffic.connections.length} connections, ${sent} B sent, ${received} B received, ${traffic.nft_drops.during.packets} dropped; Prometheus: ${sumOf(scraped.probectl_tcp_sessions_total!)} sessions, tx ${sumOf(scraped.probectl_tcp_session_tx_bytes_total!)} B, rx ${sumOf(scraped.probectl_tcp_session_rx_bytes_total!)} B, ${sumOf(scraped.probectl_tcp_retransmits_total!)} retransmits in ${scraped.probectl_tcp_retransmits_total!.length} series; in-kernel count ${counted}; printed ${sessions.length} sessions, ${retransmits.length} retransmits`,
      );

      assert.ok(traffic.complete, `the lab's traffic did not complete: ${JSON.stringify(traffic.connections.flatMap((c) => c.errors))}`);
      // Against the generator: a session at each end of each connection, the bytes within tcplife's KiB rounding.
      assert.equal(sumOf(scraped.probectl_tcp_sessions_total!), 2 * traffic.connections.length);
      assert.equal(sumOf(scraped.probectl_tcp_session_duration_seconds_count!), 2 * traffic.connections.length);
      const slack = 2 * traffic.connections.length * 1024;
      assert.ok(
        Math.abs(sumOf(scraped.probectl_tcp_session_tx_bytes_total!) - sent) <= slack,
        `tx ${sumOf(scraped.probectl_tcp_session_tx_bytes_total!)} B against ${sent} B sent`,
      );
      assert.ok(
        Math.abs(sumOf(scraped.probectl_tcp_session_rx_bytes_total!) - received) <= slack,
        `rx ${sumOf(scraped.probectl_tcp_session_rx_bytes_total!)} B against ${received} B received`,
      );
      // Against the events probectl printed: exactly.
      assert.equal(sumOf(scraped.probectl_tcp_sessions_total!), sessions.length);
      assert.equal(
        sumOf(scraped.probectl_tcp_session_tx_bytes_total!),
        sessions.reduce((n, s) => n + Math.round(s.tx_kb * 1024), 0),
      );
      assert.equal(
        sumOf(scraped.probectl_tcp_session_rx_bytes_total!),
        sessions.reduce((n, s) => n + Math.round(s.rx_kb * 1024), 0),
      );
      assert.equal(sumOf(scraped.probectl_tcp_retransmits_total!), retransmits.length);
      for (const r of scraped.probectl_tcp_retransmits_total!) {
        const m = r.metric;
        assert.equal(
          r.value,
          retransmits.filter((e) => e.laddr === m.laddr && `${e.lport}` === m.lport && e.raddr === m.raddr && `${e.rport}` === m.rport).length,
          JSON.stringify(m),
        );
      }
      // Against the kernel's own count of retransmits on the lab's flows.
      assert.ok(counted! > 0, `no retransmit happened (${traffic.nft_drops.during.packets} packets dropped): no ground truth to compare with`);
      assert.equal(sumOf(labRetransmits), counted);
      assert.deepEqual(
        scraped.probectl_probe_up!.map((r) => [r.metric.probe, r.value]).sort(),
        [
          ['tcplife', 1],
          ['tcpretrans', 1],
        ].sort(),
      );
      // The server went with the run, and so did every process and program it started.
      await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), /fetch failed/);
      assert.deepEqual(await awaitNothingLeft(run, before, ['PROBECTL tcplife v1', 'PROBECTL tcpretrans v1']), {
        processes: [],
        pgrep: [],
        ours: [],
        orphans: [],
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
