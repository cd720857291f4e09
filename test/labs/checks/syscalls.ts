// Lab "syscalls": syscount on a C program that makes 1000 getppid and 7 failing close calls, once counting every call, once the failed ones; counts against what the program itself got.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import type { LabRun } from '../lab-run.js';
import type { LabCheck } from './lab-check.js';

type Count = EventOf<'syscall.count'>;

const ALL = 'syscount';
const FAILED = 'failed/syscount';
const EBADF = 9;

/** What the program printed once done: "getppid 1000" and "failed close 7 (errno 9)", after its "waiting" line. */
function programCounts(text: string): { getppid: number; failedCloses: number; errno: number } {
  const getppid = /^getppid (\d+)$/m.exec(text);
  const closes = /^failed close (\d+) \(errno (\d+)\)$/m.exec(text);
  if (getppid === null || closes === null) throw new Error(`the program did not say what it got: ${text}`);
  return { getppid: Number(getppid[1]), failedCloses: Number(closes[1]), errno: Number(closes[2]) };
}

/** Each call's count, failures and time over the whole run, by name. */
function byCall(events: readonly Count[]): Map<string, { nr?: number; count: number; errors: number; ns?: number }> {
  const calls = new Map<string, { nr?: number; count: number; errors: number; ns?: number }>();
  for (const e of events) {
    const name = e.syscall ?? `#${e.nr}`;
    const call = calls.get(name) ?? { nr: e.nr, count: 0, errors: 0 };
    call.count += e.count;
    call.errors += e.errors ?? 0;
    if (e.total_ns !== undefined) call.ns = (call.ns ?? 0) + e.total_ns;
    calls.set(name, call);
  }
  return calls;
}

async function measured(run: LabRun) {
  const all = await run.eventsOf(ALL, 'syscall.count');
  const failed = await run.eventsOf(FAILED, 'syscall.count');
  return { all, failed, calls: byCall(all), failedCalls: byCall(failed), program: programCounts(run.text('calls.txt')) };
}

const total = (events: readonly Count[]): number => events.reduce((n, e) => n + e.count, 0);
/** The reports (intervals) that held a call: probectl's program ends each with its length, and its events share their time stamp. */
const reports = (events: readonly Count[]): Count[] => [...new Map(events.map((e) => [e.ts, e])).values()];

export const syscallsLab: LabCheck = {
  name: 'syscalls',
  probes: [ALL, FAILED],
  files: ['calls.txt'],
  usesLab: false,

  async facts(run: LabRun) {
    const m = await measured(run);
    const getppid = m.calls.get('getppid')!;
    const close = m.calls.get('close')!;
    const withCalls = reports(m.all);
    return {
      getppid: getppid.count,
      getppid_nr: getppid.nr!,
      getppid_failed: getppid.errors,
      close: close.count,
      close_failed: close.errors,
      close_error_pct: Math.round((close.errors * 100) / close.count),
      calls: total(m.all),
      read: m.calls.get('read')?.count ?? 0,
      write: m.calls.get('write')?.count ?? 0,
      exit_group: m.calls.get('exit_group')?.count ?? 0,
      getppid_ns_per_call: Math.round(getppid.ns! / getppid.count),
      reports_with_calls: withCalls.length,
      report_ms: withCalls[0]!.interval_ms!,
      failed_run_calls: total(m.failed),
    };
  },

  async claims(run: LabRun) {
    const m = await measured(run);
    const { getppid, failedCloses } = m.program;
    assert.deepEqual(m.program, { getppid: 1000, failedCloses: 7, errno: EBADF }, 'the program got 1000 parent pids and 7 failures with EBADF');
    for (const probe of [ALL, FAILED]) {
      const trouble = (await run.eventsOf(probe, 'tool.diagnostic')).filter((e) => e.level !== 'info');
      assert.deepEqual(trouble, [], `${probe}: no warnings or errors`);
    }
    // The probes started while the program waited in read(): from then on it made the line's read, its calls, and the write of its result.
    const counted = Object.fromEntries([...m.calls].map(([name, c]) => [name, [c.count, c.errors]]));
    assert.deepEqual(
      counted,
      { read: [1, 0], getppid: [getppid, 0], close: [failedCloses, failedCloses], write: [1, 0] },
      'every call the program made once the probes were ready, as it counted them, and no other (exit_group never returns)',
    );
    for (const name of ['getppid', 'close', 'write']) assert.ok((m.calls.get(name)!.ns ?? 0) > 0, `time spent in ${name}`);
    assert.ok(
      m.all.every((e) => (e.interval_ms ?? 0) > 0),
      'every event says how long its interval was',
    );
    const failedCounted = Object.fromEntries([...m.failedCalls].map(([name, c]) => [name, [c.count, c.errors]]));
    assert.deepEqual(failedCounted, { close: [failedCloses, failedCloses] }, 'under --failed, the failed closes alone');
    return `the program: getppid ${getppid}, failed close ${failedCloses}; syscount: ${JSON.stringify(counted)}; --failed: ${JSON.stringify(failedCounted)}`;
  },
};
