// Live: bpftrace's perf ring buffers as probectl sizes them hold a burst that bpftrace cannot drain meanwhile; its own size loses most of it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { planProbe } from '../../src/plan/catalog.js';
import { BPFTRACE_RING_PAGES } from '../../src/plan/ring-pages.js';
import { opensnoopProbe } from '../../src/probes/opensnoop/probe.js';
import { liveOrSkip } from '../live.js';
import { hostFacts } from './backends.js';
import { processTable } from './processes.js';
import { eventsOf, startProbes } from './running.js';
import { waitingWorkload } from './waiting-workload.js';

/** Opens made while bpftrace is stopped: more than its own ring buffers hold on two CPUs, far fewer than probectl's. */
const BURST = 5000;
const COMM = `pctl-ring${process.pid % 100000}`;

/** A process named COMM that opens one file of its own directory BURST times when told. */
async function startBurst() {
  const dir = mkdtempSync(join(tmpdir(), 'pctl-ring-'));
  const file = join(dir, 'opened');
  writeFileSync(file, 'x\n');
  const script = `process.title = ${JSON.stringify(COMM)};
const fs = require('node:fs');
process.stdout.write('waiting\\n');
process.stdin.once('data', () => {
  for (let i = 0; i < ${BURST}; i++) fs.closeSync(fs.openSync(${JSON.stringify(file)}, 'r'));
  process.exit(0);
});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  return { file, workload: await waitingWorkload(child, dir, 'burst workload') };
}

/** The pid of the bpftrace whose program filters on COMM (started by probectl here). */
function bpftracePid(): number {
  const found = processTable().find((p) => p.cmdline.split(' ')[0]!.endsWith('bpftrace') && p.cmdline.includes(`"${COMM}"`));
  if (found === undefined) throw new Error(`no bpftrace with a program filtering on ${COMM} runs`);
  return found.pid;
}

/**
 * Runs the burst while the bpftrace at pid is stopped (as a busy machine may leave it unscheduled), then lets it go on;
 * resolves with how long it was stopped, in ms.
 */
async function burstWhileStopped(pid: number, workload: { go(): Promise<string> }): Promise<number> {
  const start = performance.now();
  process.kill(pid, 'SIGSTOP');
  try {
    await workload.go();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  const stopped = performance.now() - start;
  await sleep(2500); // bpftrace drains what its buffers held, and the once-a-second probe brings out what they lost
  return stopped;
}

it(`bpftrace's ring buffers as probectl sizes them hold ${BURST} opens made while bpftrace is stopped; bpftrace's own size loses most, and says how many`, {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const plan = planProbe(opensnoopProbe(), 'bpftrace', { comm: COMM }, facts);
  const pages = plan.env.BPFTRACE_PERF_RB_PAGES;
  assert.ok(pages !== undefined && Number(pages) > BPFTRACE_RING_PAGES, `the plan sizes the buffers: ${JSON.stringify(plan.env)}`);

  // probectl run, as planned.
  const sized = await startBurst();
  const running = await startProbes(['opensnoop'], { backend: 'bpftrace', filters: { comm: COMM }, facts, readyTimeoutMs: 30_000 });
  let events;
  try {
    await burstWhileStopped(bpftracePid(), sized.workload);
  } finally {
    events = await running.stop();
    sized.workload.remove();
  }
  const opens = eventsOf(events, 'file.open').filter((e) => e.path === sized.file).length;
  const lost = eventsOf(events, 'tool.lost').reduce((sum, e) => sum + e.count, 0);
  t.diagnostic(`${pages} pages per CPU: ${opens} of ${BURST} opens, ${lost} reported lost`);
  assert.deepEqual({ opens, lost }, { opens: BURST, lost: 0 });

  // The same program with bpftrace's own size, alone: what the burst would have lost without the sizing.
  const own = await startBurst();
  const bpftrace = spawn(plan.argv[0]!, plan.argv.slice(1), {
    env: { ...process.env, ...plan.env, BPFTRACE_PERF_RB_PAGES: String(BPFTRACE_RING_PAGES) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stoppedMs = 0;
  let printedWhileRunning = '';
  bpftrace.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = new Promise((resolve) => bpftrace.on('close', resolve));
  try {
    while (!stdout.includes('PROBECTL opensnoop v1\n')) {
      assert.equal(bpftrace.exitCode, null, 'bpftrace ended before it was ready');
      await sleep(50);
    }
    stoppedMs = await burstWhileStopped(bpftrace.pid!, own.workload);
    printedWhileRunning = stdout; // what bpftrace printed while it ran: its END probe may bring a loss out as it exits, by chance
  } finally {
    bpftrace.kill('SIGINT');
    await exited;
    own.workload.remove();
  }
  const lines = printedWhileRunning.split('\n');
  const delivered = lines.filter((line) => line.startsWith('OPEN\t') && line.endsWith(`\t${own.file}`)).length;
  const reported = lines.reduce((sum, line) => sum + Number(/^Lost (\d+) events$/.exec(line)?.[1] ?? 0), 0);
  t.diagnostic(
    `${BPFTRACE_RING_PAGES} pages per CPU (bpftrace's own): ${delivered} of ${BURST} opens, ${reported} reported lost; stopped ${stoppedMs.toFixed(0)} ms`,
  );
  assert.ok(delivered < BURST / 2, `bpftrace's own buffers held ${delivered} of ${BURST}: the burst does not test the sizing`);
  // Every open is delivered or reported lost, though the burst was the last of the program's events: the once-a-second
  // probe's sample brings the kernel's lost-record out. Those samples may be lost too while bpftrace is stopped, one a
  // CPU a second at most.
  const flushSamples = facts.cpus! * (Math.ceil(stoppedMs / 1000) + 1);
  assert.ok(
    reported >= BURST - delivered && reported <= BURST - delivered + flushSamples,
    `${BURST - delivered} opens missing, ${reported} reported lost (at most ${flushSamples} of them the flush probe's)`,
  );
});
