// malloc in the summary: the stacks holding the most memory in each process's last report, and the allocator calls over the run.
import type { Section } from '../../tally/section.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import type { EventOf } from '../../events/index.js';

type Types = 'memory.outstanding' | 'memory.rate';

export interface MemoryReport {
  /** Each process's last report: its totals and its top stacks (the allocator's caller first). */
  held: Array<{ pid: number; stack: string; bytes: number; allocations: number; total_bytes: number }>;
  calls: Array<{ pid: number; function: string; calls: number; bytes: number }>;
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    memory: MemoryReport;
  }
}

/** Processes kept: the traced one under --pid; under --all, the first ones seen. */
const PROCESSES = 256;

class MemoryTally implements SummaryTally<Types, 'memory'> {
  /** pid → the events of its last report (a report starts at rank 1). */
  private readonly last = new Map<number, Array<EventOf<'memory.outstanding'>>>();
  private readonly calls = new Map<string, { pid: number; function: string; calls: number; bytes: number }>();
  private dropped = false;

  constructor(private readonly top: number) {}

  readonly handlers: EventHandlers<Types> = {
    'memory.outstanding': (e) => {
      if (e.rank === 1) {
        if (!this.last.has(e.pid) && this.last.size >= PROCESSES) return void (this.dropped = true);
        this.last.set(e.pid, [e]);
      } else this.last.get(e.pid)?.push(e);
    },
    'memory.rate': (e) => {
      const key = `${e.pid}\t${e.function}`;
      let entry = this.calls.get(key);
      if (entry === undefined) {
        if (this.calls.size >= PROCESSES * 9) return void (this.dropped = true);
        this.calls.set(key, (entry = { pid: e.pid, function: e.function, calls: 0, bytes: 0 }));
      }
      entry.calls += e.calls;
      entry.bytes += e.bytes;
    },
  };

  report(): MemoryReport {
    const held = [...this.last.values()]
      .flat()
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, this.top)
      .map((e) => ({ pid: e.pid, stack: e.stack.join(' ← '), bytes: e.bytes, allocations: e.allocations, total_bytes: e.total_bytes }));
    const calls = [...this.calls.values()].sort((a, b) => a.pid - b.pid || b.calls - a.calls);
    return { held, calls };
  }

  approximate(): string[] {
    return this.dropped ? ['memory'] : [];
  }

  trackedKeys(): number {
    return this.last.size + this.calls.size;
  }
}

function sections(report: MemoryReport): Section[] {
  if (report.held.length === 0 && report.calls.length === 0) return [];
  return [
    {
      id: 'memory',
      title: 'Memory still held (top stacks, last report) and allocator calls',
      tables: [
        {
          columns: [
            { key: 'pid', heading: 'PID', align: 'right' },
            { key: 'bytes', heading: 'BYTES', align: 'right', unit: 'bytes' },
            { key: 'allocations', heading: 'ALLOCS', align: 'right', unit: 'count' },
            { key: 'stack', heading: 'STACK (caller first)' },
          ],
          rows: report.held,
        },
        {
          columns: [
            { key: 'pid', heading: 'PID', align: 'right' },
            { key: 'function', heading: 'FUNCTION' },
            { key: 'calls', heading: 'CALLS', align: 'right', unit: 'count' },
            { key: 'bytes', heading: 'BYTES', align: 'right', unit: 'bytes' },
          ],
          rows: report.calls,
        },
      ],
    },
  ];
}

export const mallocSummary: SummaryPart<Types, 'memory'> = {
  key: 'memory',
  tally: ({ top }) => new MemoryTally(top),
  sections,
  reportSections: sections,
};
