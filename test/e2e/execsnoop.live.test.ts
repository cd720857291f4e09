// Live, end to end through run(): execsnoop on every trusted backend reports exactly the 60 execs a known process made, with their arguments, parent and errno.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeBytes } from '../../src/core/lines.js';
import type { ProbeEvent } from '../../src/events/index.js';
import type { Filters } from '../../src/plan/filters.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts, type TestedBackend } from './backends.js';
import { type ExecResult, MISSING, NOT_EXECUTABLE, RUNS, startExecWorkload, startSpawner } from './exec-workload.js';
import { eventsOf, startProbes, whileRunning } from './running.js';

const ENOENT = 2;
const EACCES = 13;

/** --pid (the parent, for execsnoop) and --comm (the caller's name), where the backend has them. */
const spawnerFilters = (b: TestedBackend, pid: number, name: string): Filters => ({
  ...(b.filters.includes('pid') && { pid }),
  ...(b.filters.includes('comm') && { comm: name }),
});

it('execsnoop: 50 execs of a uniquely named program with spaces, quotes, an empty argument and a byte that is not UTF-8, and 10 that fail, exactly, on every trusted backend', {
  timeout: 180_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('execsnoop');
  t.diagnostic(`execsnoop backends here: ${backends.map((b) => b.backend).join(', ')}`);
  assert.ok(
    ['bpftrace', 'libbpf'].every((name) => backends.some((b) => b.backend === name)),
    'the bpftrace program and libbpf-tools execsnoop both run here',
  );
  const workload = await startExecWorkload();
  let results: ExecResult[];
  let events: ProbeEvent[][];
  try {
    const filters = backends.map((b) => spawnerFilters(b, workload.pid, workload.name));
    const starts = backends.map((b, i) => () => startProbes(['execsnoop'], { backend: b.backend, filters: filters[i]!, facts, readyTimeoutMs: 30_000 }));
    ({ result: results, events } = await whileRunning(starts, async () => {
      const got = await workload.go();
      await sleep(1000); // the last events reach the tools' buffers
      return got;
    }));
    t.diagnostic(`execsnoop filters: ${backends.map((b, i) => `${b.backend} ${JSON.stringify(filters[i])}`).join(', ')}`);
  } finally {
    workload.remove();
  }
  // The ground truth is what each child got: the program ran (exit 0), or execv failed with ENOENT or EACCES.
  assert.deepEqual(
    results.map((r) => r.errno),
    [...Array<number>(RUNS).fill(0), ...Array<number>(MISSING).fill(ENOENT), ...Array<number>(NOT_EXECUTABLE).fill(EACCES)],
  );
  const expected = workload.calls.map((call, i) => ({
    pid: results[i]!.pid,
    ppid: workload.pid,
    args: call.argv.map((a) => decodeBytes(a)),
    errno: results[i]!.errno,
    // After the call the task has the new program's name; a failed call leaves the caller's, the spawner's.
    comm: workload.name,
  }));
  for (const [i, { backend }] of backends.entries()) {
    await t.test(`${backend}: each exec once, with its arguments, parent, name and errno`, () => {
      const execs = eventsOf(events[i]!, 'process.exec');
      const ours = execs.filter((e) => e.ppid === workload.pid);
      t.diagnostic(`execsnoop ${backend}: ${execs.length} events, ${ours.length} with the spawner as parent`);
      assert.deepEqual(
        execs.filter((e) => e.ppid !== workload.pid),
        [],
        "the filters let through only the spawner's children",
      );
      const got = ours
        .map((e) => ({ pid: e.pid, ppid: e.ppid, args: e.args, errno: e.errno ?? 0, comm: e.comm, joined: e.args_joined, truncated: e.args_truncated }))
        .sort((a, b) => a.pid - b.pid);
      assert.deepEqual(
        got,
        expected.map((x) => ({ ...x, joined: undefined, truncated: undefined })).sort((a, b) => a.pid - b.pid),
      );
      for (const e of ours) assert.equal(e.retval, e.errno === undefined ? 0 : -e.errno, `pid ${e.pid}: retval`);
    });
  }
});

it("execsnoop's bpftrace program: an argument of 94 bytes whole, and one of 95 or more cut at 95 and marked", { timeout: 120_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  // The program reads each string up to 95 bytes, as far as its NUL: 94 fit with room to tell, 95 may have been cut.
  const [fits, fills, over] = ['y'.repeat(94), 'z'.repeat(95), 'w'.repeat(120)];
  const workload = await startSpawner('pctl-l', (program) => [
    { path: Buffer.from(program), argv: [program, fits].map((a) => Buffer.from(a)) },
    { path: Buffer.from(program), argv: [program, fits, fills, over].map((a) => Buffer.from(a)) },
  ]);
  const program = workload.calls[0]!.path.toString();
  let events: ProbeEvent[][];
  try {
    const start = () => startProbes(['execsnoop'], { backend: 'bpftrace', filters: { pid: workload.pid }, facts, readyTimeoutMs: 30_000 });
    ({ events } = await whileRunning([start], async () => {
      const got = await workload.go();
      await sleep(1000); // the last events reach the tool's buffers
      return got;
    }));
  } finally {
    workload.remove();
  }
  const execs = eventsOf(events[0]!, 'process.exec').map((e) => ({ args: e.args, truncated: e.args_truncated }));
  assert.deepEqual(execs, [
    { args: [program, fits], truncated: undefined },
    { args: [program, fits, fills, over.slice(0, 95)], truncated: true },
  ]);
});
