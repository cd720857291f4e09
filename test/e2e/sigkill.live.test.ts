// Live, end to end through the CLI: a probectl killed with SIGKILL (no cleanup of its own runs) still takes its probes and their BPF programs along.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { liveOrSkip } from '../live.js';
import { loadedPrograms } from './bpf-programs.js';
import { ledGroups, startCli } from './cli-process.js';
import { awaitNothingLeft } from './leftovers.js';

it('probectl run killed with SIGKILL: its probes end within two seconds and no BPF program of theirs remains', { timeout: 120_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  const before = loadedPrograms();
  const run = startCli(['run', 'tcplife', 'opensnoop', '--duration', '30']);
  await run.ready(2);
  const probes = [...ledGroups(run.started.values())];
  assert.equal(probes.length, 2, 'two probes, each leading its own process group');
  assert.ok(run.programs.size > 0, 'the probes held no BPF program once ready: nothing was watched');
  run.signal('SIGKILL');
  const end = await run.ended;
  assert.equal(end.signal, 'SIGKILL');
  const killedAt = Date.now();
  const left = await awaitNothingLeft(run, before, ['PROBECTL tcplife v1', 'PROBECTL opensnoop v1'], 2000);
  t.diagnostic(
    `SIGKILL: probes ${probes.join(', ')} held BPF programs ${[...run.programs].join(', ')}; ${Date.now() - killedAt} ms later, left: ${JSON.stringify(left)}`,
  );
  assert.deepEqual(left, { processes: [], pgrep: [], ours: [], orphans: [] });
});
