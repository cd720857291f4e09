// Live, end to end through run(): syscount on every trusted backend, filtered to a C program that makes exactly N getppid() and M failing close() calls, counts them exactly.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import type { Filters } from '../../src/plan/filters.js';
import type { ProbeSettings } from '../../src/plan/plan.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts } from './backends.js';
import { eventsOf, startProbes, whileRunning } from './running.js';
import { EBADF, startSyscallWorkload, SYSCALL_WORKLOAD_COMM, type SyscallResult } from './syscall-workload.js';

const GETPPID_CALLS = 5000;
const FAILING_CLOSES = 37;
/** x86-64's numbers, as the kernel's raw_syscalls tracepoints give them. */
const GETPPID_NR = 110;
const CLOSE_NR = 3;

interface Case {
  label: string;
  backend: 'bpftrace' | 'libbpf' | 'bcc';
  filters: Filters;
  settings?: ProbeSettings;
}

type Count = EventOf<'syscall.count'>;
const isCall = (name: string, nr: number) => (e: Count) => e.syscall === name || e.nr === nr;
const sum = (events: readonly Count[], field: 'count' | 'errors') => events.reduce((n, e) => n + (e[field] ?? 0), 0);

it(`syscount: ${GETPPID_CALLS} getppid and ${FAILING_CLOSES} failing close calls of one process, counted exactly with --pid on every trusted backend`, {
  timeout: 180_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('syscount');
  // The stock tools count all calls, or failed ones alone (-x): each runs both ways. probectl's program counts both at once,
  // and runs once more per process, with the time spent.
  const cases: Case[] = backends.flatMap(({ backend, filters }): Case[] =>
    backend === 'bpftrace'
      ? [
          { label: 'bpftrace --pid', backend, filters: { pid: 0 } },
          { label: 'bpftrace --pid --per-process --latency', backend, filters: { pid: 0 }, settings: { syscount: { perProcess: true, latency: true } } },
        ]
      : [
          { label: `${backend} --pid`, backend, filters: { pid: 0 } },
          ...(filters.includes('failed') ? [{ label: `${backend} --pid --failed`, backend, filters: { pid: 0, failed: true } }] : []),
        ],
  );
  const workload = await startSyscallWorkload(GETPPID_CALLS, FAILING_CLOSES);
  let made: SyscallResult;
  let events: ProbeEvent[][];
  try {
    for (const c of cases) c.filters.pid = workload.pid;
    const starts = cases.map(
      (c) => () => startProbes(['syscount'], { backend: c.backend, filters: c.filters, settings: c.settings, facts, readyTimeoutMs: 30_000 }),
    );
    ({ result: made, events } = await whileRunning(starts, async () => {
      const result = await workload.go();
      await sleep(1500); // past the next interval: the tools print what they counted once a second, and once more when stopped
      return result;
    }));
  } finally {
    workload.remove();
  }
  // The ground truth is what the process itself got from each call.
  assert.deepEqual(made, { getppid: GETPPID_CALLS, failedCloses: FAILING_CLOSES, errno: EBADF });

  for (const [i, c] of cases.entries()) {
    await t.test(`${c.label}: ${GETPPID_CALLS} getppid, ${FAILING_CLOSES} close${c.filters.failed ? ' (all failed)' : ''}`, () => {
      const counts = eventsOf(events[i]!, 'syscall.count');
      const getppid = counts.filter(isCall('getppid', GETPPID_NR));
      const close = counts.filter(isCall('close', CLOSE_NR));
      t.diagnostic(`${c.label}: ${counts.length} events; getppid ${JSON.stringify(getppid)}; close ${JSON.stringify(close)}`);
      assert.deepEqual(
        events[i]!.filter((e) => e.type === 'tool.diagnostic' && e.level !== 'info'),
        [],
        'no warnings or errors',
      );
      if (c.filters.failed) {
        assert.equal(sum(getppid, 'count'), 0, 'getppid never fails');
        assert.equal(sum(close, 'count'), FAILING_CLOSES);
        assert.equal(sum(close, 'errors'), FAILING_CLOSES);
        return;
      }
      assert.equal(sum(getppid, 'count'), GETPPID_CALLS);
      assert.equal(sum(close, 'count'), FAILING_CLOSES);
      if (c.backend === 'bpftrace') {
        // probectl's program names the numbers from this machine's table, and counts failures beside the calls.
        for (const e of getppid) assert.deepEqual([e.syscall, e.nr], ['getppid', GETPPID_NR]);
        for (const e of close) assert.deepEqual([e.syscall, e.nr], ['close', CLOSE_NR]);
        assert.equal(sum(getppid, 'errors'), 0);
        assert.equal(sum(close, 'errors'), FAILING_CLOSES);
      } else
        assert.ok(
          counts.every((e) => e.errors === undefined),
          'the stock tools do not tell failures apart without -x',
        );
      if (c.settings !== undefined) {
        for (const e of [...getppid, ...close]) {
          assert.deepEqual([e.pid, e.comm], [workload.pid, SYSCALL_WORKLOAD_COMM]);
          assert.ok((e.total_ns ?? 0) > 0, `time spent in ${e.syscall}: ${e.total_ns}`);
        }
      }
    });
  }
});
