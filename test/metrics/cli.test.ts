// probectl run and replay --metrics / --push through the real CLI, with fake probes and a recording (no root): served while running, pushed at the end, refused before starting.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { repoRoot } from '../recordings.js';
import { until } from '../e2e/until.js';
import { leftovers, type Fakes, removeFakeRun, setUpFakeRun } from '../run/fakes.js';
import { parseExposition, total } from './exposition.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
/** A local endpoint that takes pushes as VictoriaMetrics would, keeping each body. */
async function pushReceiver(): Promise<{ bodies: string[]; pushUrl: string; receiver: Server }> {
  const bodies: string[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (d: string) => (body += d));
    request.on('end', () => (bodies.push(body), response.writeHead(204).end()));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return { bodies, pushUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/import/prometheus`, receiver };
}

const lines = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);

describe('probectl run --metrics --push (fake probes)', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;

  before(() => ({ fakes, work, env } = setUpFakeRun('metrics-cli', ['tcplife', 'retranscount'])));
  after(() => removeFakeRun(fakes, work));

  it('a port in use is refused with exit 2 before any probe starts', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    try {
      fakes.clearPids();
      const result = spawnSync(process.execPath, [MAIN, 'run', 'tcplife', '--metrics', `127.0.0.1:${port}`], { env, encoding: 'utf8', timeout: 20_000 });
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        `probectl: cannot serve metrics on 127.0.0.1:${port}: the port is in use.\nChoose another port with --metrics HOST:PORT, or find what listens there: ss -ltnp 'sport = :${port}'.\n`,
      );
      assert.deepEqual(fakes.pids(), [], 'a probe was started');
    } finally {
      other.close();
    }
  });

  it('serves the counts while running, pushes once more after the last event before it exits, then stops serving', { timeout: 60_000 }, async () => {
    const { bodies, pushUrl, receiver } = await pushReceiver();
    fakes.clearPids();
    const args = [
      'run',
      'tcplife',
      'retranscount',
      '--grace',
      '0.3',
      '--metrics',
      '127.0.0.1:0',
      '--push',
      pushUrl,
      '--push-interval',
      '60',
      '--label',
      'cluster=test',
    ];
    const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let url = '';
    try {
      await until('the metrics address on stderr', () => (url = /serving metrics at (\S+)/.exec(stderr)?.[1] ?? '') !== '');
      await until('both probes ready', () => (stdout.match(/"state":"ready"/g) ?? []).length === 2);
      const scrape = async () => parseExposition(await (await fetch(url)).text());
      await until('3 sessions scraped', async () => total(await scrape(), 'probectl_tcp_sessions_total') >= 3);
      const running = await scrape();
      assert.equal(total(running, 'probectl_probe_up', { probe: 'tcplife' }), 1);
      assert.equal(total(running, 'probectl_probe_up', { probe: 'retranscount' }), 1);
      assert.equal(total(running, 'probectl_tcp_retransmits_total'), 0, 'tcpretrans -c prints its counts only when stopped');
      assert.equal(bodies.length, 0, 'no interval has passed yet');
      child.kill('SIGINT');
      assert.equal(await ended, 0, stderr);
    } finally {
      child.kill('SIGKILL');
      receiver.close();
    }
    const events = lines(stdout);
    assert.equal(bodies.length, 1, 'the push at the end, before probectl exited');
    const last = parseExposition(bodies[0]!);
    const sessions = events.filter((e) => e.type === 'tcp.session');
    const counted = events.flatMap((e) => (e.type === 'tcp.retransmit.count' ? [e.count] : []));
    assert.equal(counted.length, 1, 'the fake tcpretrans -c printed its table on SIGINT');
    assert.equal(total(last, 'probectl_tcp_sessions_total'), sessions.length);
    assert.equal(
      total(last, 'probectl_tcp_session_tx_bytes_total'),
      sessions.reduce((n, s) => n + Math.round(s.tx_kb * 1024), 0),
    );
    assert.equal(total(last, 'probectl_tcp_retransmits_total', { laddr: '10.201.0.1', lport: '50812', raddr: '10.201.0.2', rport: '5001' }), counted[0]);
    assert.equal(total(last, 'probectl_probe_up'), 0, 'every probe stopped');
    assert.ok(
      last.every((s) => s.labels.cluster === 'test'),
      'the label on every sample',
    );
    assert.match(stderr, /^probectl: serving metrics at http:\/\/127\.0\.0\.1:\d+\/metrics\nprobectl: pushing metrics to .* every 60 s\n/);
    await assert.rejects(fetch(url), /fetch failed/, 'the server closed with the run');
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});

describe('probectl replay --metrics --push (a recording, no root)', () => {
  const recording = join(repoRoot, 'recordings/flows/tcpdrop');

  it("pushes the metrics of the replayed events at the end: the drops by reason are the recording's", { timeout: 30_000 }, async () => {
    const { bodies, pushUrl, receiver } = await pushReceiver();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [MAIN, 'replay', recording, '--push', pushUrl, '--label', 'lab=flows'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    receiver.close();
    assert.equal(result.code, 0, result.stderr);
    assert.equal(bodies.length, 1, 'one push, at the end');
    const pushed = parseExposition(bodies[0]!);
    const drops = lines(result.stdout).flatMap((e) => (e.type === 'tcp.drop' ? [e] : []));
    assert.ok(drops.length > 0);
    assert.equal(total(pushed, 'probectl_tcp_drops_total'), drops.length);
    for (const reason of new Set(drops.map((d) => d.reason ?? '')))
      assert.equal(total(pushed, 'probectl_tcp_drops_total', { reason }), drops.filter((d) => (d.reason ?? '') === reason).length, `reason ${reason}`);
    assert.ok(
      pushed.every((s) => s.labels.lab === 'flows'),
      'the label on every sample',
    );
  });

  it('refuses --label without --metrics or --push, with exit 2, before reading the recording', () => {
    const result = spawnSync(process.execPath, [MAIN, 'replay', join(repoRoot, 'no-such-recording'), '--label', 'lab=flows'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^probectl: --label needs --metrics HOST:PORT or --push URL\./);
  });
});
