// The bpftrace program of the malloc probe: uprobes on one libc's allocator, a bounded map of live allocations, per-stack totals printed each interval.
import type { AllocatorFunction } from './events.js';

export interface MallocProgramSpec {
  /** The libc file to attach to, as this mount namespace sees it. */
  libc: string;
  /** The process to trace; absent with --all. */
  pid?: number;
  /** With --all: probectl's own pid, left out. */
  selfPid?: number;
  /** The allocator functions the libc exports (free, malloc, calloc and realloc at least). */
  functions: ReadonlySet<AllocatorFunction>;
  intervalMs: number;
  minAgeMs: number;
  maxAllocations: number;
  /** Stacks reported per process and interval. */
  top: number;
  /** Printed as a WARNING line before the ready line (what --all costs). */
  warning?: string;
}

/** The ring of young generations: one map pair per slot, a slot cleared as its generation comes round again. */
export const RING_SLOTS = 6;
/** Generations still young: the current one and the RING_SLOTS - 2 before it (the last slot is the one to clear next). */
export const YOUNG_GENERATIONS = RING_SLOTS - 1;
/** A generation lasts min-age / (RING_SLOTS - 2): an allocation older than min-age * 1.25 is always counted, one younger than min-age never. */
export const generationMs = (minAgeMs: number): number => Math.max(1, Math.round(minAgeMs / (RING_SLOTS - 2)));

export const MALLOC_READY = 'PROBECTL malloc v1';

/** The functions whose result is a new allocation, with the size expression at entry and where the pointer comes back. */
const ALLOCATORS: Partial<Record<AllocatorFunction, { size: string; out?: string }>> = {
  malloc: { size: 'arg0' },
  calloc: { size: 'arg0 * arg1' },
  aligned_alloc: { size: 'arg1' },
  memalign: { size: 'arg1' },
  valloc: { size: 'arg0' },
  pvalloc: { size: 'arg0' },
  posix_memalign: { size: 'arg2', out: 'arg0' },
};

function ring(minAgeMs: number, body: (slot: number) => string, slotOf: string): string {
  if (minAgeMs === 0) return '';
  const branches = Array.from({ length: RING_SLOTS }, (_, i) => `if (${slotOf} == ${i}) { ${body(i)} }`);
  return branches.join(' else ');
}

export function mallocProgram(spec: MallocProgramSpec): string {
  const { libc, minAgeMs } = spec;
  const filter = spec.pid !== undefined ? `pid == ${spec.pid}` : `comm != "bpftrace"${spec.selfPid === undefined ? '' : ` && pid != ${spec.selfPid}`}`;
  const key = (addr: string) => `pid, ${addr}`;
  const track = (addr: string, size: string) =>
    `if (${size} != 0 && @sz[${key(addr)}] == 0) { @sz[${key(addr)}] = ${size}; ` +
    `if (@sz[${key(addr)}] == 0) { @full = count(); } else { ` +
    `@st[${key(addr)}] = ustack(perf); @born[${key(addr)}] = @gen; ` +
    `@hb[pid, @st[${key(addr)}]] = sum(${size}); @hc[pid, @st[${key(addr)}]] = sum(1); ` +
    ring(minAgeMs, (i) => `@y${i}b[pid, @st[${key(addr)}]] = sum(${size}); @y${i}c[pid, @st[${key(addr)}]] = sum(1);`, `(uint64)@gen % ${RING_SLOTS}`) +
    ' } }';
  const untrack = (addr: string, bytesOf?: string) =>
    `$f = @sz[${key(addr)}]; if ($f != 0) { ${bytesOf === undefined ? '' : `@bytes[pid, "${bytesOf}"] = sum($f); `}` +
    `@hb[pid, @st[${key(addr)}]] = sum(-$f); @hc[pid, @st[${key(addr)}]] = sum(-1); ` +
    (minAgeMs === 0
      ? ''
      : `$b = @born[${key(addr)}]; if ($b + ${YOUNG_GENERATIONS - 1} >= @gen) { ` +
        ring(minAgeMs, (i) => `@y${i}b[pid, @st[${key(addr)}]] = sum(-$f); @y${i}c[pid, @st[${key(addr)}]] = sum(-1);`, `(uint64)$b % ${RING_SLOTS}`) +
        ' } ') +
    `delete(@sz[${key(addr)}]); delete(@st[${key(addr)}]); delete(@born[${key(addr)}]); }`;

  const probes: string[] = [];
  for (const [name, a] of Object.entries(ALLOCATORS) as [AllocatorFunction, { size: string; out?: string }][]) {
    if (!spec.functions.has(name)) continue;
    probes.push(`uprobe:${libc}:${name} /${filter}/ { @rq_${name}[tid] = ${a.size};${a.out === undefined ? '' : ` @rp_${name}[tid] = ${a.out};`} }`);
    const result = a.out === undefined ? 'retval' : `$p`;
    const ok = a.out === undefined ? 'retval != 0' : `retval == 0 && $o != 0`;
    const fetch =
      a.out === undefined ? '' : `$o = @rp_${name}[tid]; delete(@rp_${name}[tid]); $p = (uint64)0; if (retval == 0 && $o != 0) { $p = *(uint64 *)$o; } `;
    probes.push(
      `uretprobe:${libc}:${name} /${filter}/ { $s = @rq_${name}[tid]; delete(@rq_${name}[tid]); ${fetch}` +
        `@calls[pid, "${name}"] = count(); @bytes[pid, "${name}"] = sum($s); if (${ok}) { ${track(result, '$s')} } }`,
    );
  }
  // realloc frees its old block when it returns a new one (or when asked for 0 bytes), then holds the new one.
  probes.push(`uprobe:${libc}:realloc /${filter}/ { @rq_realloc[tid] = arg1; @rp_realloc[tid] = arg0; }`);
  probes.push(
    `uretprobe:${libc}:realloc /${filter}/ { $s = @rq_realloc[tid]; $old = @rp_realloc[tid]; delete(@rq_realloc[tid]); delete(@rp_realloc[tid]); ` +
      `@calls[pid, "realloc"] = count(); @bytes[pid, "realloc"] = sum($s); ` +
      `if ($old != 0 && (retval != 0 || $s == 0)) { ${untrack('$old')} } if (retval != 0) { ${track('retval', '$s')} } }`,
  );
  probes.push(`uprobe:${libc}:free /${filter}/ { @calls[pid, "free"] = count(); if (arg0 != 0) { ${untrack('arg0', 'free')} } }`);

  const young = Array.from({ length: minAgeMs === 0 ? 0 : RING_SLOTS }, (_, i) => `print(@y${i}b); print(@y${i}c);`).join(' ');
  const report = `printf("REPORT\\t%d\\t%d\\t%d\\t%d\\t%d\\t%d\\n", @gen, ${minAgeMs === 0 ? 0 : RING_SLOTS}, ${spec.intervalMs}, ${minAgeMs}, ${spec.maxAllocations}, ${spec.top}); print(@hb); print(@hc); ${young} print(@calls); print(@bytes); clear(@calls); clear(@bytes); print(@full); printf("END\\n");`;
  const lines = [
    `BEGIN { @gen = 0; ${spec.warning === undefined ? '' : `printf("WARNING: %s\\n", "${spec.warning.replace(/["\\]/g, '')}"); `}printf("${MALLOC_READY}\\n"); }`,
    ...probes,
    // With --pid, no report once the process has exited: its last one waits for the process to be reaped (below).
    `interval:ms:${spec.intervalMs} ${spec.pid !== undefined ? '/@exited == 0/ ' : ''}{ ${report} }`,
  ];
  if (minAgeMs > 0)
    lines.push(
      `interval:ms:${generationMs(minAgeMs)} { ${ring(minAgeMs, (i) => `clear(@y${i}b); clear(@y${i}c);`, `((uint64)@gen + 1) % ${RING_SLOTS}`)} @gen = @gen + 1; }`,
    );
  // The traced process's exit: its last report is what it held when it exited; the run then ends. The report waits
  // until the process has been reaped (sched_process_free, with the freed task's pid in args->pid): bpftrace names the
  // stacks of a process whose /proc/PID/exe is gone with a new bcc symbol cache, and bcc 0.26 building one for a
  // zombie (its /proc/PID/maps still opens, its root no longer does) closes an uninitialised file descriptor
  // (ProcSyms::ModulePath::fd_ for /tmp/perf-PID.map): stderr, and bpftrace aborts as it attaches END; or stdout, and
  // the report is lost. Once the process is reaped, /proc/PID/maps is gone and bcc opens nothing.
  if (spec.pid !== undefined) {
    lines.push(`tracepoint:sched:sched_process_exit /pid == ${spec.pid} && tid == ${spec.pid}/ { @exited = 1; }`);
    lines.push(`tracepoint:sched:sched_process_free /args->pid == ${spec.pid}/ { printf("EXIT\\t%d\\n", ${spec.pid}); ${report} exit(); }`);
  }
  const maps = ['sz', 'st', 'born', 'hb', 'hc', 'calls', 'bytes', 'full', 'gen'];
  if (spec.pid !== undefined) maps.push('exited');
  for (let i = 0; i < (minAgeMs === 0 ? 0 : RING_SLOTS); i++) maps.push(`y${i}b`, `y${i}c`);
  for (const name of spec.functions) if (name !== 'free') maps.push(`rq_${name}`);
  for (const name of ['realloc', 'posix_memalign'] as const) if (spec.functions.has(name)) maps.push(`rp_${name}`);
  lines.push(`END { ${maps.map((m) => `clear(@${m});`).join(' ')} }`);
  return lines.join('\n') + '\n';
}
