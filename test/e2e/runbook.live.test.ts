// Live, through the CLI: runbooks/tcp-health.yaml on the lab is breached (exit 1) under loss and holds (exit 0) without it,
// its drop count equal to the nftables counter.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { labTraffic, type LabTrafficResult } from '../../src/lab/index.js';
import type { RunbookResult } from '../../src/runbook/result.js';
import { liveOrSkip } from '../live.js';
import { repoRoot } from '../recordings.js';
import { MAIN } from './cli-process.js';
import { droppedPackets, settledDrops, withLab } from './lab-session.js';
import { tempDir } from '../temp-dir.js';

const CONNECTIONS = 3;
const BYTES = 2 << 20;
const DURATION_S = 10;

interface Session {
  code: number | null;
  stdout: string;
  stderr: string;
  traffic: LabTrafficResult;
  /** nftables drops from just before the traffic to once the counter stood still after probectl ended. */
  dropped: number;
  /** The counter moved after probectl ended: its window did not hold every drop. */
  lateDrops: number;
  report: RunbookResult;
}

/** Runs tcp-health through the CLI; once every probe is ready, sends the lab's traffic; waits for the verdict. */
async function tcpHealth(): Promise<Session> {
  const report = join(tempDir('pctl-runbook-live-'), 'report.json');
  const child = spawn(
    process.execPath,
    [MAIN, 'runbook', 'run', join(repoRoot, 'runbooks', 'tcp-health.yaml'), '--duration', String(DURATION_S), '--report', report],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.includes('every probe is ready')) resolve();
    });
    void ended.then((code) => reject(new Error(`probectl ended (${code}) before its probes were ready:\n${stderr}`)));
  });
  const before = await droppedPackets();
  const traffic = await labTraffic({ connections: CONNECTIONS, bytes: BYTES, timeout: 10 });
  const code = await ended;
  const atEnd = await droppedPackets();
  const settled = await settledDrops();
  return {
    code,
    stdout,
    stderr,
    traffic,
    dropped: settled - before,
    lateDrops: settled - atEnd,
    report: JSON.parse(readFileSync(report, 'utf8')) as RunbookResult,
  };
}

function checkCommon(s: Session): void {
  assert.ok(s.traffic.complete, `the lab's traffic did not complete: ${JSON.stringify(s.traffic.connections.flatMap((c) => c.errors))}`);
  assert.equal(s.lateDrops, 0, 'a packet was dropped after the runbook ended: its window did not hold the traffic');
  const [rate, drops] = s.report.assertions;
  // The drops the runbook counted are the packets the lab's rule dropped.
  assert.equal(drops!.value, s.dropped);
  assert.equal(rate!.value, rate!.matched / s.report.window.seconds);
  assert.ok(Math.abs(s.report.window.seconds - DURATION_S) < 2, `observed ${s.report.window.seconds} s of a ${DURATION_S} s runbook`);
  // Every connection the traffic generator made is a flow of the report, its two ends seen by tcplife.
  for (const c of s.traffic.connections) {
    const local = c.client?.local;
    assert.ok(local !== undefined, `connection ${c.index} has no client end`);
    const flow = s.report.summary.flows.find(
      (f) => (f.lport === local.port && f.laddr === local.address) || (f.rport === local.port && f.raddr === local.address),
    );
    assert.ok(flow !== undefined, `no flow for the client port ${local.port}`);
    assert.equal(flow.sessions, 2, 'tcplife saw both ends');
  }
}

it('tcp-health on the lab with 5 % loss: breached, exit 1, its NETFILTER_DROP count equal to the nftables counter', { timeout: 180_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  const s = await withLab(5, tcpHealth);
  t.diagnostic(
    `loss 5 %: exit ${s.code}, nft dropped ${s.dropped}, runbook counted ${s.report.assertions[1]!.value} drops and ${s.report.assertions[0]!.matched} retransmits over ${s.report.window.seconds} s`,
  );
  checkCommon(s);
  assert.ok(s.dropped > 0, 'the rule dropped nothing: nothing to breach');
  assert.equal(s.code, 1, s.stderr);
  assert.match(s.stdout, /^FAIL {2}packets the firewall dropped \(NETFILTER_DROP\): /m);
  assert.match(s.stderr, /runbook tcp-health: \d of 2 assertions breached/);
});

it('tcp-health on the lab without loss: holds, exit 0', { timeout: 180_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  const s = await withLab(0, tcpHealth);
  t.diagnostic(
    `loss 0 %: exit ${s.code}, nft dropped ${s.dropped}, runbook counted ${s.report.assertions[1]!.value} drops and ${s.report.assertions[0]!.matched} retransmits over ${s.report.window.seconds} s`,
  );
  checkCommon(s);
  assert.equal(s.dropped, 0);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /^runbook tcp-health: all 2 assertions hold$/m);
});
