// Lab "syscalls": syscount on a C program that makes 1000 getppid and 7 failing close calls; its counts against what the program itself got.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import type { LabRun } from '../lab-run.js';
import type { LabCheck } from './lab-check.js';

const COMM = 'lab-calls';

type Count = EventOf<'syscall.count'>;

/** What the program wrote: "getppid 1000, failed close 7". */
function programCounts(text: string): { getppid: number; failedClose: number } {
  const m = /^getppid (\d+), failed close (\d+)$/m.exec(text);
  if (m === null) throw new Error(`calls.txt does not say what the program got: ${JSON.stringify(text)}`);
  return { getppid: Number(m[1]), failedClose: Number(m[2]) };
}

/** Calls and errors of one call over the run. */
function totals(counts: readonly Count[], name: string): { calls: number; errors: number } {
  const of = counts.filter((c) => c.syscall === name);
  return { calls: of.reduce((n, c) => n + c.count, 0), errors: of.reduce((n, c) => n + (c.errors ?? 0), 0) };
}

async function countsOf(run: LabRun): Promise<Count[]> {
  return (await run.eventsOf('syscount', 'syscall.count')).filter((c) => c.comm === COMM);
}

export const syscallsLab: LabCheck = {
  name: 'syscalls',
  probes: ['syscount'],
  files: ['calls.txt'],
  usesLab: false,

  async facts(run: LabRun) {
    const counts = await countsOf(run);
    const close = totals(counts, 'close');
    const failedOthers = [...new Set(counts.filter((c) => (c.errors ?? 0) > 0 && c.syscall !== 'close').map((c) => c.syscall))];
    return {
      getppid: totals(counts, 'getppid').calls,
      getppid_nr: counts.find((c) => c.syscall === 'getppid')!.nr!,
      close: close.calls,
      close_failed: close.errors,
      close_error_pct: Math.round((close.errors * 100) / close.calls),
      openat: totals(counts, 'openat').calls,
      other_failed: failedOthers.join(', '),
      exit_group: totals(counts, 'exit_group').calls,
      execve: totals(counts, 'execve').calls,
    };
  },

  async claims(run: LabRun) {
    const counts = await countsOf(run);
    assert.ok(counts.length > 0, `syscount counted no call of ${COMM}`);
    assert.equal(new Set(counts.map((c) => c.pid)).size, 1, 'the calls of one process');
    const made = programCounts(run.text('calls.txt'));
    const getppid = totals(counts, 'getppid');
    const close = totals(counts, 'close');
    assert.deepEqual([getppid.calls, getppid.errors], [made.getppid, 0], 'getppid: as many as the program made, none failed');
    assert.equal(close.errors, made.failedClose, 'close: the failures the program got');
    assert.equal(totals(counts, 'exit_group').calls, 0, 'exit_group never returns');
    return `getppid ${getppid.calls} = ${made.getppid} made; close ${close.calls}, ${close.errors} failed = ${made.failedClose} the program saw`;
  },
};
