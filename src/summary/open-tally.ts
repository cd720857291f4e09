// File opens (opensnoop) by process, with failures by errno name and the paths that failed most.
import type { EventOf } from '../events/index.js';
import { CappedMap, TopCounter } from './capped-map.js';
import { errnoName } from './errno.js';
import type { SummaryReport } from './report.js';

/** One process's tally, of one shape whatever the event had (fast to create by the million). */
class ProcessOpens {
  opens = 0;
  failed = 0;
  readonly errnos = new Map<string, number>();

  constructor(
    readonly pid: number | undefined,
    readonly comm: string,
  ) {}

  row(): SummaryReport['opens']['by_process'][number] {
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

export class OpenTally {
  private total = 0;
  private failed = 0;
  /** Opens and failures of processes folded out of the tally. */
  private readonly folded = { opens: 0, failed: 0 };
  readonly processes = new CappedMap<ProcessOpens>(
    PROCESS_CAPACITY,
    (p) => p.opens,
    (p) => {
      this.folded.opens += p.opens;
      this.folded.failed += p.failed;
    },
  );
  readonly failingPaths = new TopCounter(PATH_CAPACITY);

  add(e: EventOf<'file.open'>): void {
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
  }

  report(top: number): SummaryReport['opens'] {
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
}
