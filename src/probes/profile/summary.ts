// profile in the summary: samples per process name and the stacks seen most (folded, bounded), and their sections.
import { TopCounter } from '../../tally/capped-map.js';
import type { Section } from '../../tally/section.js';
import type { EventHandlers, ReportContext, SummaryPart, SummaryTally } from '../../tally/summary-part.js';
import { foldedKey } from './fold.js';

type Types = 'profile.stack';

export interface ProfileReport {
  samples: number;
  by_comm: Array<{ comm: string; samples: number }>;
  other_comms: number;
  /** Folded ("comm;root;...;leaf"), the most sampled first; `leaf` is the function on the CPU. */
  top_stacks: Array<{ stack: string; comm: string; leaf: string; samples: number }>;
  other_stacks: number;
}

declare module '../../tally/summary-part.js' {
  interface SummaryReports {
    profile: ProfileReport;
  }
}

const COMM_CAPACITY = 4096;
const STACK_CAPACITY = 16_384;

class ProfileTally implements SummaryTally<Types, 'profile'> {
  private samples = 0;
  private readonly comms = new TopCounter(COMM_CAPACITY);
  private readonly stacks = new TopCounter(STACK_CAPACITY);

  readonly handlers: EventHandlers<Types> = {
    'profile.stack': (e) => {
      this.samples += e.count;
      this.comms.add(e.comm, e.count);
      this.stacks.add(foldedKey(e), e.count);
    },
  };

  report({ top }: ReportContext): ProfileReport {
    const comms = this.comms.top(top);
    const stacks = this.stacks.top(top);
    return {
      samples: this.samples,
      by_comm: comms.top.map(({ key, count }) => ({ comm: key, samples: count })),
      other_comms: comms.other,
      top_stacks: stacks.top.map(({ key, count }) => {
        const names = key.split(';');
        return { stack: key, comm: names[0]!, leaf: names.length > 1 ? names.at(-1)! : '-', samples: count };
      }),
      other_stacks: stacks.other,
    };
  }

  approximate(): string[] {
    return [...(this.comms.approximate ? ['profile.by_comm'] : []), ...(this.stacks.approximate ? ['profile.top_stacks'] : [])];
  }

  trackedKeys(): number {
    return this.comms.size + this.stacks.size;
  }
}

const share = (n: number, total: number): string => (total > 0 ? `${((n * 100) / total).toFixed(1)}%` : '-');

function sections(report: ProfileReport, short = false): Section[] {
  if (report.samples === 0) return [];
  const stackRows = report.top_stacks.map((s) => ({ ...s, share: share(s.samples, report.samples), path: s.stack.split(';').slice(1).reverse().join(' ← ') }));
  return [
    {
      id: 'profile',
      title: 'CPU samples',
      total: report.samples,
      lead: [{ count: report.samples, id: 'profile.samples' }, ' samples of on-CPU stacks.'],
      tables: [
        {
          caption: 'by process name',
          columns: [
            { key: 'comm', heading: short ? 'comm' : 'COMM' },
            { key: 'samples', heading: short ? 'samples' : 'SAMPLES', align: 'right', unit: 'count', tag: { name: 'profile-comm', from: 'comm' } },
            { key: 'share', heading: short ? 'share' : 'SHARE', align: 'right' },
          ],
          rows: report.by_comm.map((c) => ({ ...c, share: share(c.samples, report.samples) })),
          ...(report.other_comms > 0 && { more: { count: report.other_comms, what: 'samples of other processes' } }),
        },
        {
          caption: 'top stacks (leaf first)',
          columns: [
            { key: 'samples', heading: short ? 'samples' : 'SAMPLES', align: 'right', unit: 'count' },
            { key: 'share', heading: short ? 'share' : 'SHARE', align: 'right' },
            { key: 'comm', heading: short ? 'comm' : 'COMM' },
            { key: 'leaf', heading: short ? 'on CPU' : 'ON CPU', max: 60, code: true },
            { key: 'path', heading: short ? 'stack' : 'STACK', max: 100, code: true },
          ],
          rows: stackRows,
          ...(report.other_stacks > 0 && { more: { count: report.other_stacks, what: 'samples of other stacks' } }),
        },
      ],
    },
  ];
}

export const profileSummary: SummaryPart<Types, 'profile'> = {
  key: 'profile',
  tally: () => new ProfileTally(),
  sections: (report) => sections(report),
  reportSections: (report) => sections(report, true),
};
