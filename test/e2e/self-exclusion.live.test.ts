// Live: `probectl run opensnoop tcpdrop` leaves out the opens of probectl and of the backends it starts (tcpdrop's bpftrace searching for headers), keeps a workload's, and --include-self keeps them.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { liveOrSkip } from '../live.js';
import { startCli } from './cli-process.js';
import { startOpenWorkload } from './open-workload.js';

interface Open {
  type: string;
  pid?: number;
  comm?: string;
  path?: string;
}

/** opensnoop with tcpdrop, whose bpftrace is the slowest to start: its opens while it starts come after opensnoop is ready. */
async function runWithWorkload(extra: string[]): Promise<{ opens: Open[]; own: Set<number>; paths: string[] }> {
  const workload = await startOpenWorkload();
  try {
    const cli = startCli(['run', 'opensnoop', 'tcpdrop', ...extra]);
    await cli.ready(2, 90_000);
    const opened = await workload.go();
    await sleep(500); // the last events reach the tool's buffers
    cli.signal('SIGINT');
    const end = await cli.ended;
    assert.equal(end.code, 0, end.stderr);
    const opens = end.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Open)
      .filter((e) => e.type === 'file.open');
    return { opens, own: new Set([cli.pid, ...cli.started.keys()]), paths: opened.map((o) => o.path) };
  } finally {
    workload.remove();
  }
}

it('run opensnoop tcpdrop: no open of probectl or of its backends, every open of a workload; --include-self keeps the backends', {
  timeout: 240_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const left = await runWithWorkload([]);
  const ours = left.opens.filter((e) => e.pid !== undefined && left.own.has(e.pid));
  t.diagnostic(`default: ${left.opens.length} opens, ${ours.length} of probectl's processes ${JSON.stringify([...left.own])}`);
  assert.deepEqual(ours.slice(0, 5), [], 'no event carries the pid of probectl or of a backend it started');
  for (const path of left.paths) assert.equal(left.opens.filter((e) => e.path === path).length, 1, `the workload's open of ${path} is there`);

  const kept = await runWithWorkload(['--include-self']);
  const own = kept.opens.filter((e) => e.pid !== undefined && kept.own.has(e.pid));
  t.diagnostic(`--include-self: ${kept.opens.length} opens, ${own.length} of probectl's processes (${[...new Set(own.map((e) => e.comm))].join(', ')})`);
  assert.ok(own.length > 0, "with --include-self, the backends' own opens are there");
  for (const path of kept.paths) assert.equal(kept.opens.filter((e) => e.path === path).length, 1, `the workload's open of ${path} is there`);
});
