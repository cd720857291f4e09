// opensnoop in the summary: file opens by process, failures by errno name, the paths that failed most (bounded), and their section.
import { CappedMap, TopCounter } from '../../tally/capped-map.js';
import type { Counted } from '../../tally/flow-row.js';
import type { Section } from '../../tally/section.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { count } from '../../tally/units.js';
import { errnoName } from '../../core/errno.js';

type Types = 'file.open';

export interface OpenReport {
  total: number;
  failed: number;
  by_process: Array<{ pid?: number; comm?: string; opens: number; failed: number; errnos: Record<string, number> }>;
  other_processes: { opens: number; failed: number };
  top_failing_paths: Counted<string>[];
  other_failing_paths: number;
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    opens: OpenReport;
  }
}

/** One process's tally, of one shape whatever the event had (fast to create by the million). */
class ProcessOpens {
  opens = 0;
  failed = 0;
  readonly errnos = new Map<string, number>();

  constructor(
    readonly pid: number | undefined,
    readonly comm: string,
  ) {}

  row(): OpenReport['by_process'][number] {
    return {
      ...(this.pid === undefined ? {} : { pid: this.pid }),
      comm: this.comm,
      opens: this.opens,
      failed: this.failed,
      errnos: Object.fromEntries(this.errnos),
    };
  }
}

const PROCESS_CAPACITY = 4096;
const PATH_CAPACITY = 4096;

class OpenTally implements SummaryTally<Types, 'opens'> {
  private total = 0;
  private failed = 0;
  /** Opens and failures of processes folded out of the tally. */
  private readonly folded = { opens: 0, failed: 0 };
  private readonly processes = new CappedMap<ProcessOpens>(
    PROCESS_CAPACITY,
    (p) => p.opens,
    (p) => {
      this.folded.opens += p.opens;
      this.folded.failed += p.failed;
    },
  );
  private readonly failingPaths = new TopCounter(PATH_CAPACITY);

  readonly handlers: EventHandlers<Types> = {
    'file.open': (e) => {
      this.total++;
      const key = `${e.pid ?? ''} ${e.comm}`;
      const proc = this.processes.get(key) ?? this.processes.add(key, new ProcessOpens(e.pid, e.comm));
      proc.opens++;
      if (e.errno > 0) {
        this.failed++;
        proc.failed++;
        const name = errnoName(e.errno);
        proc.errnos.set(name, (proc.errnos.get(name) ?? 0) + 1);
        this.failingPaths.add(e.path);
      }
    },
  };

  report({ top }: { top: number }): OpenReport {
    const { top: listed, rest } = this.processes.top(top);
    const other = { ...this.folded };
    for (const [, p] of rest) {
      other.opens += p.opens;
      other.failed += p.failed;
    }
    const paths = this.failingPaths.top(top);
    return {
      total: this.total,
      failed: this.failed,
      by_process: listed.map(([, p]) => p.row()),
      other_processes: other,
      top_failing_paths: paths.top,
      other_failing_paths: paths.other,
    };
  }

  approximate(): string[] {
    return [...(this.processes.folded > 0 ? ['opens.by_process'] : []), ...(this.failingPaths.approximate ? ['opens.top_failing_paths'] : [])];
  }

  trackedKeys(): number {
    return this.processes.size + this.failingPaths.size;
  }
}

/** "ENOENT 2, EISDIR 1", the most frequent first. */
const errnosText = (errnos: Record<string, number>): string =>
  Object.entries(errnos)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

function sections(o: OpenReport): Section[] {
  if (o.total === 0) return [];
  return [
    {
      id: 'opens',
      title: 'Opens',
      total: o.total,
      note: o.failed > 0 ? [', ', { text: `${count(o.failed)} failed`, tone: 'bad' }] : [', none failed'],
      tables: [
        {
          columns: [
            { key: 'pid', heading: 'PID', align: 'right' },
            { key: 'comm', heading: 'COMM' },
            { key: 'opens', heading: 'OPENS', align: 'right', unit: 'count' },
            { key: 'failed', heading: 'FAILED', align: 'right', unit: 'count' },
            { key: 'errors', heading: 'ERRORS' },
          ],
          rows: o.by_process.map((p) => ({ pid: p.pid, comm: p.comm, opens: p.opens, failed: p.failed, errors: errnosText(p.errnos) })),
          ...(o.other_processes.opens > 0 && {
            more: { count: o.other_processes.opens, what: `opens (${count(o.other_processes.failed)} failed) by other processes` },
          }),
        },
        ...(o.top_failing_paths.length === 0
          ? []
          : [
              {
                columns: [
                  { key: 'failed', heading: 'FAILED', align: 'right', unit: 'count' },
                  { key: 'path', heading: 'PATH', max: 100 },
                ] as const,
                rows: o.top_failing_paths.map((p) => ({ failed: p.count, path: p.key })),
                ...(o.other_failing_paths > 0 && { more: { count: o.other_failing_paths, what: 'failures on other paths' } }),
              },
            ]),
      ],
    },
  ];
}

function reportSections(o: OpenReport): Section[] {
  if (o.total === 0) return [];
  return [
    {
      id: 'opens',
      title: 'Opens',
      lead: [{ count: o.total, id: 'opens' }, ' opens, ', { count: o.failed, id: 'failed-opens' }, ' failed.'],
      tables: [
        {
          columns: [
            { key: 'pid', heading: 'pid', align: 'right' },
            { key: 'comm', heading: 'comm' },
            { key: 'opens', heading: 'opens', align: 'right', unit: 'count' },
            { key: 'failed', heading: 'failed', align: 'right', unit: 'count' },
            { key: 'errors', heading: 'errors' },
          ],
          rows: o.by_process.map((p) => ({
            pid: p.pid,
            comm: p.comm,
            opens: p.opens,
            failed: p.failed,
            errors: Object.entries(p.errnos)
              .map(([name, n]) => `${name} ${n}`)
              .join(', '),
          })),
        },
        ...(o.top_failing_paths.length === 0
          ? []
          : [
              {
                columns: [
                  { key: 'path', heading: 'failing path', code: true },
                  { key: 'failures', heading: 'failures', align: 'right', unit: 'count' },
                ] as const,
                rows: o.top_failing_paths.map((p) => ({ path: p.key, failures: p.count })),
              },
            ]),
      ],
    },
  ];
}

export const opensnoopSummary: SummaryPart<Types, 'opens'> = {
  key: 'opens',
  tally: () => new OpenTally(),
  sections,
  reportSections,
};
