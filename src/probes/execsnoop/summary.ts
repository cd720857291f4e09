// execsnoop in the summary: execs by parent and command, with their failures by errno name (bounded), and their section.
import { errnoName } from '../../core/errno.js';
import { CappedMap } from '../../tally/capped-map.js';
import type { Section } from '../../tally/section.js';
import type { EventHandlers, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { count } from '../../tally/units.js';

type Types = 'process.exec';

export interface ExecReport {
  total: number;
  failed: number;
  by_parent_command: Array<{ ppid?: number; command: string; execs: number; failed: number; errnos: Record<string, number> }>;
  other: { execs: number; failed: number };
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    execs: ExecReport;
  }
}

/** The command an exec ran: its comm, or where the tool printed none (execsnoop.bt) the first word of its arguments, without its directory. */
export function commandOf(e: { comm?: string; args: readonly string[] }): string {
  if (e.comm !== undefined) return e.comm;
  const first = e.args[0] ?? '';
  const word = first.split(' ', 1)[0]!;
  return word.slice(word.lastIndexOf('/') + 1);
}

class ParentCommand {
  execs = 0;
  failed = 0;
  readonly errnos = new Map<string, number>();

  constructor(
    readonly ppid: number | undefined,
    readonly command: string,
  ) {}

  row(): ExecReport['by_parent_command'][number] {
    return {
      ...(this.ppid === undefined ? {} : { ppid: this.ppid }),
      command: this.command,
      execs: this.execs,
      failed: this.failed,
      errnos: Object.fromEntries(this.errnos),
    };
  }
}

const CAPACITY = 4096;

class ExecTally implements SummaryTally<Types, 'execs'> {
  private total = 0;
  private failed = 0;
  private readonly folded = { execs: 0, failed: 0 };
  private readonly groups = new CappedMap<ParentCommand>(
    CAPACITY,
    (g) => g.execs,
    (g) => {
      this.folded.execs += g.execs;
      this.folded.failed += g.failed;
    },
  );

  readonly handlers: EventHandlers<Types> = {
    'process.exec': (e) => {
      this.total++;
      const command = commandOf(e);
      const key = `${e.ppid ?? ''} ${command}`;
      const group = this.groups.get(key) ?? this.groups.add(key, new ParentCommand(e.ppid, command));
      group.execs++;
      if (e.errno !== undefined) {
        this.failed++;
        group.failed++;
        const name = errnoName(e.errno);
        group.errnos.set(name, (group.errnos.get(name) ?? 0) + 1);
      }
    },
  };

  report({ top }: { top: number }): ExecReport {
    const { top: listed, rest } = this.groups.top(top);
    const other = { ...this.folded };
    for (const [, g] of rest) {
      other.execs += g.execs;
      other.failed += g.failed;
    }
    return { total: this.total, failed: this.failed, by_parent_command: listed.map(([, g]) => g.row()), other };
  }

  approximate(): string[] {
    return this.groups.folded > 0 ? ['execs.by_parent_command'] : [];
  }

  trackedKeys(): number {
    return this.groups.size;
  }
}

/** "ENOENT 2, EACCES 1", the most frequent first. */
const errnosText = (errnos: Record<string, number>): string =>
  Object.entries(errnos)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

function sections(x: ExecReport): Section[] {
  if (x.total === 0) return [];
  return [
    {
      id: 'execs',
      title: 'Execs',
      total: x.total,
      note: x.failed > 0 ? [', ', { text: `${count(x.failed)} failed`, tone: 'bad' }] : [', none failed'],
      tables: [
        {
          columns: [
            { key: 'ppid', heading: 'PPID', align: 'right' },
            { key: 'command', heading: 'COMMAND' },
            { key: 'execs', heading: 'EXECS', align: 'right', unit: 'count' },
            { key: 'failed', heading: 'FAILED', align: 'right', unit: 'count' },
            { key: 'errors', heading: 'ERRORS' },
          ],
          rows: x.by_parent_command.map((g) => ({ ppid: g.ppid, command: g.command, execs: g.execs, failed: g.failed, errors: errnosText(g.errnos) })),
          ...(x.other.execs > 0 && { more: { count: x.other.execs, what: `execs (${count(x.other.failed)} failed) by other parents and commands` } }),
        },
      ],
    },
  ];
}

function reportSections(x: ExecReport): Section[] {
  if (x.total === 0) return [];
  return [
    {
      id: 'execs',
      title: 'Execs',
      lead: [{ count: x.total, id: 'execs' }, ' execs, ', { count: x.failed, id: 'failed-execs' }, ' failed.'],
      tables: [
        {
          columns: [
            { key: 'ppid', heading: 'parent pid', align: 'right' },
            { key: 'command', heading: 'command' },
            { key: 'execs', heading: 'execs', align: 'right', unit: 'count' },
            { key: 'failed', heading: 'failed', align: 'right', unit: 'count' },
            { key: 'errors', heading: 'errors' },
          ],
          rows: x.by_parent_command.map((g) => ({ ppid: g.ppid, command: g.command, execs: g.execs, failed: g.failed, errors: errnosText(g.errnos) })),
        },
      ],
    },
  ];
}

export const execsnoopSummary: SummaryPart<Types, 'execs'> = {
  key: 'execs',
  tally: () => new ExecTally(),
  sections,
  reportSections,
};
