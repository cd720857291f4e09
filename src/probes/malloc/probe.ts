// malloc: what a process's allocations still hold, by stack, and its allocator calls, from uprobes on the libc it has mapped (bpftrace).
import { ProbectlError } from '../../core/errors.js';
import type { BackendDefinition, ProbeDefinition } from '../../plan/catalog.js';
import type { ProbeSettings } from '../../plan/plan.js';
import { type LibcLookup, processLibc } from './libc.js';
import { type MallocOptions, mallocOptions } from './options.js';
import { MALLOC_READY, mallocProgram } from './program.js';

/** Measured with `--pid` (docs/performance.md): what the traced allocator calls cost each process. */
export const ALL_COST =
  'malloc --all traces every malloc, calloc, realloc and free of every process using this libc: about 42 us of CPU per malloc + free measured here (docs/performance.md)';

function settingsOf(settings: ProbeSettings): MallocOptions {
  // planProbe has checked them with mallocOptions.schema.
  const options = settings.malloc as MallocOptions | undefined;
  if (options === undefined) throw new Error('malloc planned without its options');
  return options;
}

function libcOf(pid: number | undefined, lookup: (pid: number | 'self') => LibcLookup) {
  const found = lookup(pid ?? 'self');
  if ('found' in found) return found.found;
  if (pid === undefined) throw new ProbectlError('USAGE', 'probectl itself maps no libc, so --all has none to attach to.', 'Trace one process with --pid PID.');
  if (found.missing === 'process')
    throw new ProbectlError(
      'USAGE',
      `there is no process ${pid} (or its memory map cannot be read); nothing was attached.`,
      'Check the pid with ps, and run as root.',
    );
  throw new ProbectlError(
    'USAGE',
    `process ${pid} has no libc mapped (a static binary, or one with its own allocator): malloc has nothing to attach to.`,
    'Trace a dynamically linked process; check with: grep libc /proc/PID/maps',
  );
}

export function mallocBackend(lookup: (pid: number | 'self') => LibcLookup = processLibc): BackendDefinition {
  return {
    backend: 'bpftrace',
    tool: "probectl's malloc program (bpftrace uprobes)",
    filters: ['pid'],
    unavailable(facts) {
      if (!facts.bpftrace.check.ok)
        return {
          reason: `bpftrace cannot run here: ${facts.bpftrace.check.detail}`,
          ...(facts.bpftrace.check.remedy && { remedy: facts.bpftrace.check.remedy }),
        };
      return undefined;
    },
    plan(filters, facts, settings, context = {}) {
      const options = settingsOf(settings);
      if (filters.pid === undefined && !options.all)
        throw new ProbectlError('USAGE', 'malloc needs the process to trace: --pid PID.', `--all traces every process instead, at a cost: ${ALL_COST}.`);
      if (filters.pid !== undefined && options.all) throw new ProbectlError('USAGE', 'malloc takes --pid or --all, not both.', 'Give one of them.');
      const libc = libcOf(filters.pid, lookup);
      const script = mallocProgram({
        libc: libc.path,
        ...(filters.pid !== undefined ? { pid: filters.pid } : context.selfPid !== undefined && { selfPid: context.selfPid }),
        functions: libc.functions,
        intervalMs: Math.round(options.interval * 1000),
        minAgeMs: Math.round(options.minAge * 1000),
        maxAllocations: options.maxAllocations,
        top: options.top,
        ...(filters.pid === undefined && { warning: ALL_COST }),
      });
      return {
        probe: 'malloc',
        backend: 'bpftrace',
        argv: [facts.bpftrace.path ?? 'bpftrace', '-e', script],
        // One process: its symbols are cached once read, so the report after it exits still names them (by exe path, which --all cannot share).
        env: { BPFTRACE_MAP_KEYS_MAX: String(options.maxAllocations), ...(filters.pid !== undefined && { BPFTRACE_CACHE_USER_SYMBOLS: '1' }) },
        script,
        parser: 'malloc',
        impl: 'bpftrace',
        layout: 'probectl-v1',
        ready: new RegExp(`^${MALLOC_READY}$`, 'm'),
        filters,
      };
    },
  };
}

export function mallocProbe(lookup?: (pid: number | 'self') => LibcLookup): ProbeDefinition {
  const notCalls = 'allocations are counted per process; filter them by --pid';
  return {
    name: 'malloc',
    description: 'memory still held by a process (--pid) per allocation stack, and its malloc/calloc/realloc/free calls, every interval (libc uprobes)',
    filterNotes: {
      comm: notCalls,
      port: 'allocations have no ports',
      lport: 'allocations have no ports',
      rport: 'allocations have no ports',
      family: 'allocations have no addresses',
      failed: 'allocations are not calls probectl reports as failed',
    },
    backends: [mallocBackend(lookup)],
    options: mallocOptions,
  };
}

export const mallocProbeDefinition = mallocProbe();
