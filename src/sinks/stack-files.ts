// --pprof, --folded and --flamegraph: the sampled stacks of a stream, added up (bounded) and written as files at its end;
// a stream of malloc reports and no CPU samples gives --pprof the memory still held instead (inuse_objects, inuse_space).
import { writeFile } from 'node:fs/promises';
import { ProbectlError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import type { EventOf, ProbeEvent } from '../events/index.js';
import { foldedFrames, foldedKey } from '../probes/profile/fold.js';
import { flameGraphHtml, flameGraphSvg, type FoldedStack } from './flamegraph.js';
import { InuseProfile } from './inuse-profile.js';
import { encodePprof, type PprofFrame } from './pprof.js';

export interface StackFileOptions {
  pprof?: string;
  folded?: string;
  flamegraph?: string;
}

/** Distinct (pid, comm, stack) kept; the samples of further ones are added to one "[other stacks]" frame of their process name. */
const CAPACITY = 100_000;
export const OTHER_STACKS = '[other stacks]';
const KERNEL_MODULE = '[kernel.kallsyms]';

interface Aggregate {
  event: Pick<EventOf<'profile.stack'>, 'pid' | 'comm' | 'kstack' | 'ustack'>;
  count: number;
}

export class StackFiles {
  private readonly stacks = new Map<string, Aggregate>();
  private samples = 0;
  private overflowed = 0;
  /** Samples per second, while every event said the same. */
  private hz: number | undefined | null;
  private firstTs: number | undefined;
  private lastTs = 0;
  private readonly inuse = new InuseProfile();

  constructor(private readonly options: StackFileOptions) {}

  add(event: ProbeEvent): void {
    if (event.type === 'memory.outstanding') this.inuse.observe(event);
    if (event.type !== 'profile.stack') return;
    this.samples += event.count;
    this.firstTs ??= event.ts;
    this.lastTs = Math.max(this.lastTs, event.ts);
    this.hz = this.hz === undefined ? event.hz : this.hz === event.hz ? this.hz : null;
    const key = `${event.pid ?? ''}\0${foldedKey(event)}\0${event.ustack.map((f) => f.module ?? '').join('\0')}`;
    const known = this.stacks.get(key);
    if (known !== undefined) {
      known.count += event.count;
      return;
    }
    if (this.stacks.size < CAPACITY) {
      this.stacks.set(key, { event: { pid: event.pid, comm: event.comm, kstack: event.kstack, ustack: event.ustack }, count: event.count });
      return;
    }
    this.overflowed += event.count;
    const other = `\0${event.comm}\0${OTHER_STACKS}`;
    const folded = this.stacks.get(other);
    if (folded !== undefined) folded.count += event.count;
    else this.stacks.set(other, { event: { comm: event.comm, kstack: [], ustack: [{ fn: OTHER_STACKS }] }, count: event.count });
  }

  /** Writes the files asked for; a file that cannot be written is an error naming it. */
  async write(): Promise<void> {
    const { pprof, folded, flamegraph } = this.options;
    const lines = this.foldedStacks();
    if (pprof !== undefined) await save('--pprof', pprof, this.memoryOnly() ? this.inuse.encode() : this.pprof());
    if (folded !== undefined) await save('--folded', folded, lines.map((s) => `${s.frames.join(';')} ${s.count}\n`).join(''));
    if (flamegraph !== undefined) {
      const title = `CPU flame graph: ${plural(this.samples, 'sample')}`;
      await save('--flamegraph', flamegraph, /\.html?$/i.test(flamegraph) ? flameGraphHtml(lines, title) : flameGraphSvg(lines, title));
    }
  }

  /** For the closing line: what the files hold. */
  note(): string {
    const what = [this.options.pprof, this.options.folded, this.options.flamegraph].filter((f) => f !== undefined).join(', ');
    const more = this.overflowed > 0 ? ` (${plural(this.overflowed, 'sample')} of stacks past ${CAPACITY} distinct ones as ${OTHER_STACKS})` : '';
    if (this.memoryOnly()) return `the memory held by ${plural(this.inuse.processes, 'process', 'processes')} at its last report written to ${what}`;
    return `${plural(this.samples, 'stack sample')} written to ${what}${more}`;
  }

  /** CPU samples added. */
  get sampleCount(): number {
    return this.samples;
  }

  /** What a memory flame graph draws: each process's last malloc report, by bytes still held. */
  memoryStacks(): FoldedStack[] {
    return this.inuse.foldedStacks();
  }

  /** No CPU samples but malloc reports: --pprof is the memory profile (with both, the CPU profile). */
  private memoryOnly(): boolean {
    return this.samples === 0 && this.inuse.processes > 0;
  }

  /** The folded lines, stacks of one process name and frames added up whatever their pids, in key order. */
  foldedStacks(): FoldedStack[] {
    const byKey = new Map<string, FoldedStack>();
    for (const { event, count } of this.stacks.values()) {
      const frames = [event.comm.replaceAll(';', ':'), ...foldedFrames(event).map((f) => f.replaceAll(';', ':'))];
      const key = frames.join(';');
      const known = byKey.get(key);
      if (known !== undefined) known.count += count;
      else byKey.set(key, { frames, count });
    }
    return [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, s]) => s);
  }

  private pprof(): Buffer {
    const hz = typeof this.hz === 'number' ? this.hz : undefined;
    const periodNs = hz === undefined ? undefined : Math.round(1e9 / hz);
    const samples = [...this.stacks.values()].map(({ event, count }) => {
      const frames: PprofFrame[] = [
        ...event.kstack.map((f) => ({ function: f.fn, module: KERNEL_MODULE })),
        ...event.ustack.map((f) => ({ function: f.fn, ...(f.module !== undefined && { module: f.module }) })),
      ];
      return {
        frames,
        values: periodNs === undefined ? [count] : [count, count * periodNs],
        labels: { comm: event.comm, ...(event.pid !== undefined && { pid: String(event.pid) }) },
      };
    });
    return encodePprof({
      sampleTypes: [{ type: 'samples', unit: 'count' }, ...(periodNs === undefined ? [] : [{ type: 'cpu', unit: 'nanoseconds' }])],
      samples,
      ...(periodNs !== undefined && { periodType: { type: 'cpu', unit: 'nanoseconds' }, period: periodNs }),
      ...(this.firstTs !== undefined && { timeNanos: this.firstTs * 1e6, durationNanos: (this.lastTs - this.firstTs) * 1e6 }),
    });
  }
}

async function save(option: string, file: string, content: string | Buffer): Promise<void> {
  try {
    await writeFile(file, content);
  } catch (error) {
    throw new ProbectlError(
      'OUTPUT',
      `${option} ${file}: cannot write this file: ${(error as Error).message}`,
      `Give ${option} a file in a directory you can write to.`,
      {
        cause: error,
      },
    );
  }
}
