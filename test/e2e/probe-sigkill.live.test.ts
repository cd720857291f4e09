// Live, end to end through the CLI: a real probe (bpftrace) killed with SIGKILL mid-run is reported failed with the
// signal, its BPF programs go with it, the other probe runs on, and probectl exits 1 leaving nothing behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';
import { loadedPrograms, programsHeldBy } from './bpf-programs.js';
import { startCli } from './cli-process.js';
import { awaitNothingLeft } from './leftovers.js';

const PATTERNS = ['PROBECTL tcplife v1', 'PROBECTL opensnoop v1'];

it('a real probe killed with SIGKILL mid-run: failed with the signal, its programs unloaded, the other probe runs on, exit 1', {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const before = loadedPrograms();
  const run = startCli(['run', 'tcplife', 'opensnoop', '--backend', 'bpftrace', '--grace', '1']);
  // A failed assertion before the run's own end must not leave it running (the test file would never end).
  t.after(() => run.signal('SIGINT'));
  await run.ready(2);
  const tcplife = [...run.started.values()].find((p) => p.pgid === p.pid && p.cmdline.includes('PROBECTL tcplife v1'));
  assert.ok(tcplife !== undefined, 'the tcplife probe leads its own process group');
  const held = [...programsHeldBy(tcplife.pid)];
  assert.ok(held.length > 0, 'tcplife held no BPF program once ready');

  process.kill(tcplife.pid, 'SIGKILL');
  const deadline = performance.now() + 5000;
  while (held.some((id) => loadedPrograms().has(id)) && performance.now() < deadline) await sleep(50);
  const stillLoaded = held.filter((id) => loadedPrograms().has(id));
  await run.printed(/"type":"probe\.status","[^\n]*"probe":"tcplife"[^\n]*"state":"failed"/);
  for (let i = 0; i < 20; i++) readFileSync('/etc/hostname'); // opens for opensnoop to see, after the failure is out
  await sleep(1000);
  run.signal('SIGINT');
  const end = await run.ended;

  assert.deepEqual(stillLoaded, [], `tcplife's programs ${held.join(', ')} are unloaded within 5 s of its death`);
  assert.equal(end.code, 1, end.stderr);
  const events = end.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);
  const failed = events.find((e) => e.type === 'probe.status' && e.probe === 'tcplife' && e.state === 'failed');
  assert.ok(failed?.type === 'probe.status', 'tcplife is reported failed');
  assert.equal(failed.signal, 'SIGKILL');
  assert.match(failed.message ?? '', /^killed by SIGKILL, sent by the OOM killer or another process, not by probectl/);
  const later = events.filter((e) => e.type === 'file.open' && e.seq > failed.seq);
  assert.ok(
    later.some((e) => e.type === 'file.open' && e.pid === process.pid && e.path === '/etc/hostname'),
    'opensnoop saw this process open /etc/hostname after the kill',
  );
  const opensnoopEnd = events.filter((e) => e.type === 'probe.status' && e.probe === 'opensnoop').at(-1);
  assert.ok(opensnoopEnd?.type === 'probe.status' && opensnoopEnd.state === 'stopped', 'opensnoop ran until probectl stopped it');
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 1),
  );
  assert.match(
    end.stderr,
    /probectl: 1 of 2 probes failed: tcplife \(bpftrace\): killed by SIGKILL, sent by the OOM killer or another process, not by probectl/,
  );
  const left = await awaitNothingLeft(run, before, PATTERNS, 3000);
  t.diagnostic(`tcplife pid ${tcplife.pid} held programs ${held.join(', ')}; ${later.length} opensnoop events after its failure`);
  assert.deepEqual(left, { processes: [], pgrep: [], ours: [], orphans: [] });
});
