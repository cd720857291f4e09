// syscount in the summary: the busiest system calls with their error rates, the busiest processes where counted per process, and their section.
import { CappedMap } from '../../tally/capped-map.js';
import type { Section } from '../../tally/section.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { count } from '../../tally/units.js';

type Types = 'syscall.count';

interface CallRow {
  /** The call's name where the tool gave one, its number where it gave one. */
  syscall?: string;
  nr?: number;
  calls: number;
  /** Failed calls, over the calls whose tool told failures apart (errors_known). */
  errors: number;
  errors_known: number;
  /** Percent of errors_known that failed; absent when no tool told. */
  error_pct?: number;
  total_ns?: number;
}

interface ProcessRow {
  pid?: number;
  comm?: string;
  calls: number;
  errors: number;
}

export interface SyscallReport {
  calls: number;
  /** Failed calls, among the calls whose tool tells failures (probectl's program always; the stock tools under -x). */
  errors: number;
  by_syscall: CallRow[];
  other_syscalls: { calls: number; errors: number };
  by_process: ProcessRow[];
  other_processes: { calls: number; errors: number };
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    syscalls: SyscallReport;
  }
}

interface CallTally {
  syscall?: string;
  nr?: number;
  calls: number;
  errors: number;
  errorsKnown: number;
  ns?: number;
}

const CALL_CAPACITY = 1024;
const PROCESS_CAPACITY = 4096;
const pct = (part: number, whole: number): number => Math.round((part * 1000) / whole) / 10;

class SyscallTally implements SummaryTally<Types, 'syscalls'> {
  private calls = 0;
  private errors = 0;
  private readonly folded = { calls: 0, errors: 0 };
  private readonly foldedProcesses = { calls: 0, errors: 0 };
  private readonly bySyscall = new CappedMap<CallTally>(
    CALL_CAPACITY,
    (c) => c.calls,
    (c) => {
      this.folded.calls += c.calls;
      this.folded.errors += c.errors;
    },
  );
  private readonly byProcess = new CappedMap<ProcessRow>(
    PROCESS_CAPACITY,
    (p) => p.calls,
    (p) => {
      this.foldedProcesses.calls += p.calls;
      this.foldedProcesses.errors += p.errors;
    },
  );

  readonly handlers: EventHandlers<Types> = {
    'syscall.count': (e) => {
      const errors = e.errors ?? 0;
      this.calls += e.count;
      this.errors += errors;
      if (e.syscall !== undefined || e.nr !== undefined) {
        const key = e.syscall ?? `#${e.nr}`;
        const call = this.bySyscall.get(key) ?? this.bySyscall.add(key, { syscall: e.syscall, nr: e.nr, calls: 0, errors: 0, errorsKnown: 0 });
        call.nr ??= e.nr;
        call.calls += e.count;
        call.errors += errors;
        if (e.errors !== undefined) call.errorsKnown += e.count;
        if (e.total_ns !== undefined) call.ns = (call.ns ?? 0) + e.total_ns;
      }
      if (e.pid !== undefined || e.comm !== undefined) {
        const key = `${e.pid ?? ''} ${e.comm ?? ''}`;
        const proc = this.byProcess.get(key) ?? this.byProcess.add(key, { pid: e.pid, comm: e.comm, calls: 0, errors: 0 });
        proc.calls += e.count;
        proc.errors += errors;
      }
    },
  };

  report({ top }: { top: number }): SyscallReport {
    const calls = this.bySyscall.top(top);
    const otherCalls = { ...this.folded };
    for (const [, c] of calls.rest) {
      otherCalls.calls += c.calls;
      otherCalls.errors += c.errors;
    }
    const processes = this.byProcess.top(top);
    const otherProcesses = { ...this.foldedProcesses };
    for (const [, p] of processes.rest) {
      otherProcesses.calls += p.calls;
      otherProcesses.errors += p.errors;
    }
    return {
      calls: this.calls,
      errors: this.errors,
      by_syscall: calls.top.map(([, c]) => ({
        ...(c.syscall !== undefined && { syscall: c.syscall }),
        ...(c.nr !== undefined && { nr: c.nr }),
        calls: c.calls,
        errors: c.errors,
        errors_known: c.errorsKnown,
        ...(c.errorsKnown > 0 && { error_pct: pct(c.errors, c.errorsKnown) }),
        ...(c.ns !== undefined && { total_ns: c.ns }),
      })),
      other_syscalls: otherCalls,
      by_process: processes.top.map(([, p]) => ({
        ...(p.pid !== undefined && { pid: p.pid }),
        ...(p.comm !== undefined && { comm: p.comm }),
        calls: p.calls,
        errors: p.errors,
      })),
      other_processes: otherProcesses,
    };
  }

  approximate(): string[] {
    return [...(this.bySyscall.folded > 0 ? ['syscalls.by_syscall'] : []), ...(this.byProcess.folded > 0 ? ['syscalls.by_process'] : [])];
  }

  trackedKeys(): number {
    return this.bySyscall.size + this.byProcess.size;
  }
}

const callName = (c: CallRow): string => c.syscall ?? `#${c.nr}`;
const errorRate = (c: CallRow): string | undefined => (c.error_pct === undefined ? undefined : `${c.error_pct}%`);

function callTable(s: SyscallReport, headings: { call: string; calls: string; errors: string; rate: string; time: string }) {
  const timed = s.by_syscall.some((c) => c.total_ns !== undefined);
  return {
    columns: [
      { key: 'syscall', heading: headings.call },
      { key: 'nr', heading: 'NR', align: 'right' },
      { key: 'calls', heading: headings.calls, align: 'right', unit: 'count' },
      { key: 'errors', heading: headings.errors, align: 'right', unit: 'count' },
      { key: 'rate', heading: headings.rate, align: 'right' },
      ...(timed ? [{ key: 'ms', heading: headings.time, align: 'right', unit: 'duration' } as const] : []),
    ] as const,
    rows: s.by_syscall.map((c) => ({
      syscall: callName(c),
      nr: c.nr,
      calls: c.calls,
      errors: c.errors_known > 0 ? c.errors : undefined,
      rate: errorRate(c),
      ...(timed && { ms: c.total_ns === undefined ? undefined : c.total_ns / 1e6 }),
    })),
    ...(s.other_syscalls.calls > 0 && { more: { count: s.other_syscalls.calls, what: 'calls of other system calls' } }),
  };
}

function processTable(s: SyscallReport, headings: { pid: string; comm: string; calls: string; errors: string }) {
  return {
    columns: [
      { key: 'pid', heading: headings.pid, align: 'right' },
      { key: 'comm', heading: headings.comm },
      { key: 'calls', heading: headings.calls, align: 'right', unit: 'count' },
      { key: 'errors', heading: headings.errors, align: 'right', unit: 'count' },
    ] as const,
    rows: s.by_process.map((p) => ({ pid: p.pid, comm: p.comm, calls: p.calls, errors: p.errors })),
    ...(s.other_processes.calls > 0 && { more: { count: s.other_processes.calls, what: 'calls by other processes' } }),
  };
}

function sections(s: SyscallReport): Section[] {
  if (s.calls === 0 && s.by_syscall.length === 0) return [];
  return [
    {
      id: 'syscalls',
      title: 'System calls',
      total: s.calls,
      note: s.errors > 0 ? [', ', { text: `${count(s.errors)} failed`, tone: 'bad' }] : [],
      tables: [
        ...(s.by_syscall.length > 0 ? [callTable(s, { call: 'SYSCALL', calls: 'CALLS', errors: 'ERRORS', rate: 'ERR%', time: 'TIME' })] : []),
        ...(s.by_process.length > 0 ? [processTable(s, { pid: 'PID', comm: 'COMM', calls: 'CALLS', errors: 'ERRORS' })] : []),
      ],
    },
  ];
}

function reportSections(s: SyscallReport): Section[] {
  if (s.calls === 0 && s.by_syscall.length === 0) return [];
  return [
    {
      id: 'syscalls',
      title: 'System calls',
      lead: [{ count: s.calls, id: 'syscalls' }, ' calls, ', { count: s.errors, id: 'failed-syscalls' }, ' failed.'],
      tables: [
        ...(s.by_syscall.length > 0 ? [callTable(s, { call: 'syscall', calls: 'calls', errors: 'errors', rate: 'error rate', time: 'time' })] : []),
        ...(s.by_process.length > 0 ? [processTable(s, { pid: 'pid', comm: 'comm', calls: 'calls', errors: 'errors' })] : []),
      ],
    },
  ];
}

export const syscountSummary: SummaryPart<Types, 'syscalls'> = {
  key: 'syscalls',
  tally: () => new SyscallTally(),
  sections,
  reportSections,
};
