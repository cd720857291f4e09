// Live, end to end through run(): opensnoop on every trusted backend, filtered to a known process, reports its opens with the fd or errno it got.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import type { Filters } from '../../src/plan/filters.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts, type TestedBackend } from './backends.js';
import { NOBODY, startOpenWorkload, WORKLOAD_COMM, type OpenResult } from './open-workload.js';
import { eventsOf, startProbes, whileRunning } from './running.js';

const ENOENT = 2;
const EACCES = 13;

/** --pid and --comm, where the backend has them. */
const processFilters = (b: TestedBackend, pid: number): Filters => ({
  ...(b.filters.includes('pid') && { pid }),
  ...(b.filters.includes('comm') && { comm: WORKLOAD_COMM }),
});

it("opensnoop: a known process's opens of a readable, a missing and a forbidden file, with fd, ENOENT and EACCES, on every trusted backend", {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('opensnoop');
  const workload = await startOpenWorkload();
  let opened: OpenResult[];
  let events: ProbeEvent[][];
  try {
    const filters = backends.map((b) => processFilters(b, workload.pid));
    const starts = backends.map((b, i) => () => startProbes(['opensnoop'], { backend: b.backend, filters: filters[i]!, facts, readyTimeoutMs: 30_000 }));
    ({ result: opened, events } = await whileRunning(starts, async () => {
      const results = await workload.go();
      await sleep(500); // the last events reach the tools' perf buffers
      return results;
    }));
    t.diagnostic(`opensnoop filters: ${backends.map((b, i) => `${b.backend} ${JSON.stringify(filters[i])}`).join(', ')}`);
  } finally {
    workload.remove();
  }
  // The ground truth is what the process itself got: one success, ENOENT, EACCES (it ran as nobody).
  assert.deepEqual(
    opened.map((o) => [o.path.replace(/.*\//, ''), o.fd >= 0, o.errno]),
    [
      ['readable', true, 0],
      ['absent', false, ENOENT],
      ['secret', false, EACCES],
    ],
  );
  for (const [i, { backend }] of backends.entries()) {
    await t.test(`${backend}: each open once, with the process's pid and name, and the fd or errno it got`, () => {
      const opens = eventsOf(events[i]!, 'file.open');
      const ours = opened.map((o) => opens.filter((e) => e.path === o.path));
      t.diagnostic(
        `opensnoop ${backend}: ${opens.length} events; ${ours.map((list, j) => `${opened[j]!.path.replace(/.*\//, '')}: ${JSON.stringify(list.map((e) => ({ pid: e.pid, comm: e.comm, fd: e.fd, errno: e.errno, uid: e.uid })))}`).join('; ')} (the process got ${JSON.stringify(opened.map((o) => [o.fd, o.errno]))})`,
      );
      assert.ok(
        opens.every((e) => e.pid === workload.pid && e.comm === WORKLOAD_COMM),
        `only the workload's opens pass the filters: ${JSON.stringify(opens.filter((e) => e.pid !== workload.pid || e.comm !== WORKLOAD_COMM))}`,
      );
      opened.forEach((o, j) => {
        assert.equal(ours[j]!.length, 1, `${o.path}: reported once`);
        const e = ours[j]![0]!;
        assert.deepEqual([e.fd, e.errno], [o.fd, o.errno], `${o.path}: fd and errno`);
        if (e.uid !== undefined) assert.equal(e.uid, NOBODY, `${o.path}: uid`);
      });
    });
  }
});
