// Lab "memory-leak": malloc --pid on a C program that keeps N - M of N sessions of S bytes and frees every scratch buffer; what is held against what it did.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import type { LabRun } from '../lab-run.js';
import type { LabCheck } from './lab-check.js';

const HOLDER = 'remember_session';
const CALLERS = ['handle_request', 'main'];
const SCRATCH = 'parse_request';

/** What the program wrote: "1000 requests: 1000 scratch buffers of 256 bytes, all freed; 1000 sessions of 64 bytes, 250 freed". */
function workload(text: string): { n: number; m: number; s: number; scratch: number } {
  const said = /^(\d+) requests: \1 scratch buffers of (\d+) bytes, all freed; \1 sessions of (\d+) bytes, (\d+) freed$/m.exec(text);
  if (said === null) throw new Error(`the program did not say what it did: ${text}`);
  return { n: Number(said[1]), scratch: Number(said[2]), s: Number(said[3]), m: Number(said[4]) };
}

/** A frame's function: "remember_session+15 (/path/leaky)" → "remember_session". */
const fnOf = (frame: string): string => frame.replace(/\+\d+.*$/, '').replace(/ \(.*\)$/, '');

/** The last report of the process: the events from the last rank 1 on. */
function lastReport(held: readonly EventOf<'memory.outstanding'>[]): EventOf<'memory.outstanding'>[] {
  const starts = held.flatMap((e, i) => (e.rank === 1 ? [i] : []));
  return starts.length === 0 ? [] : held.slice(starts.at(-1));
}

/** go tool pprof -top's row of a function: flat, flat%, sum%, cum, cum%, function. */
function pprofRow(text: string, fn: string): { flat: string; cum: string } {
  const row = text.split('\n').find((l) => l.trim().split(/\s+/)[5] === fn);
  if (row === undefined) throw new Error(`go tool pprof has no row for ${fn}:\n${text}`);
  const fields = row.trim().split(/\s+/);
  return { flat: fields[0]!, cum: fields[3]! };
}

async function measured(run: LabRun) {
  const last = lastReport(await run.eventsOf('malloc', 'memory.outstanding'));
  const rates = await run.eventsOf('malloc', 'memory.rate');
  const sum = (fn: string, key: 'calls' | 'bytes') => rates.filter((e) => e.function === fn).reduce((n, e) => n + e[key], 0);
  return {
    said: workload(run.text('leaky.txt')),
    last,
    held: last.find((e) => e.stack[0] !== undefined && fnOf(e.stack[0]) === HOLDER),
    malloc: { calls: sum('malloc', 'calls'), bytes: sum('malloc', 'bytes') },
    free: { calls: sum('free', 'calls'), bytes: sum('free', 'bytes') },
    others: rates.filter((e) => e.function !== 'malloc' && e.function !== 'free' && e.calls > 0).map((e) => e.function),
  };
}

export const memoryLeakLab: LabCheck = {
  name: 'memory-leak',
  probes: ['malloc'],
  files: ['leaky.c', 'leaky.txt', 'pprof-top.txt'],
  usesLab: false,

  async facts(run: LabRun) {
    const m = await measured(run);
    return {
      held_bytes: m.held!.bytes,
      held_allocations: m.held!.allocations,
      held_at: fnOf(m.held!.stack[0]!),
      stacks_held: m.last.length,
      requests: m.said.n,
      ended: m.said.m,
      session_bytes: m.said.s,
      malloc_calls: m.malloc.calls,
      malloc_bytes: m.malloc.bytes,
      scratch_bytes: m.said.scratch,
      free_calls: m.free.calls,
      free_bytes: m.free.bytes,
      pprof_flat: pprofRow(run.text('pprof-top.txt'), HOLDER).flat,
    };
  },

  async claims(run: LabRun) {
    const { said, last, held, malloc, free, others } = await measured(run);
    const { n, m, s, scratch } = said;
    assert.ok(held !== undefined, `the last report has a stack at ${HOLDER}: ${JSON.stringify(last)}`);
    // Ground truth: what the program did, by its own count.
    assert.deepEqual([held.bytes, held.allocations], [(n - m) * s, n - m], `${HOLDER} holds (N - M) × S bytes in N - M allocations`);
    assert.deepEqual(held.stack.slice(1, 3).map(fnOf), CALLERS, `${HOLDER} was called by ${CALLERS.join(', then ')}`);
    assert.deepEqual([held.total_bytes, held.total_allocations], [(n - m) * s, n - m], 'the process holds nothing else');
    assert.ok(!last.some((e) => e.stack.some((f) => fnOf(f) === SCRATCH)), `${SCRATCH} freed all it allocated: no stack of it is held`);
    assert.deepEqual([malloc.calls, malloc.bytes], [2 * n, n * (scratch + s)], 'malloc: N scratch buffers and N sessions');
    assert.deepEqual([free.calls, free.bytes], [n + m, n * scratch + m * s], 'free: N scratch buffers and M sessions');
    assert.deepEqual(others, [], 'no other allocator function called');
    const pprof = pprofRow(run.text('pprof-top.txt'), HOLDER);
    assert.deepEqual([pprof.flat, pprof.cum], [`${(n - m) * s}B`, `${(n - m) * s}B`], `go tool pprof: ${HOLDER} holds (N - M) × S bytes`);
    return `${HOLDER} holds ${held.bytes} bytes in ${held.allocations} allocations = (${n} - ${m}) × ${s}; malloc ${malloc.calls} calls, free ${free.calls}; pprof ${pprof.flat}`;
  },
};
