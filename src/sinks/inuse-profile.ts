// --pprof of a stream of malloc reports: each process's last memory.outstanding report as an inuse_objects/inuse_space pprof profile.
import type { EventOf, ProbeEvent } from '../events/index.js';
import type { FoldedStack } from './flamegraph.js';
import { encodePprof, type PprofFrame } from './pprof.js';

/** "leaky_alloc+24 (/usr/bin/app)" → leaky_alloc in /usr/bin/app; an unresolved "0x55d0… ([unknown])" keeps its address. */
export function frameOf(text: string): PprofFrame {
  const m = /^(.*?)(?:\+\d+)? \((.*)\)$/.exec(text);
  if (m === null) return { function: text };
  return m[2] === '[unknown]' ? { function: m[1]! } : { function: m[1]!, module: m[2]! };
}

export class InuseProfile {
  /** pid → the events of its last report (a report starts at rank 1). */
  private readonly last = new Map<number, Array<EventOf<'memory.outstanding'>>>();
  private readonly started = Date.now();

  /** The processes with a report: none means there is no memory profile to write. */
  get processes(): number {
    return this.last.size;
  }

  observe(event: ProbeEvent): void {
    if (event.type !== 'memory.outstanding') return;
    if (event.rank === 1) this.last.set(event.pid, [event]);
    else this.last.get(event.pid)?.push(event);
  }

  /** Each process's last report as folded stacks weighted by bytes: "pid N" at the root, the allocator's caller the leaf. */
  foldedStacks(): FoldedStack[] {
    return [...this.last.values()].flat().map((e) => ({
      frames: [`pid ${e.pid}`, ...e.stack.map((f) => frameOf(f).function.replaceAll(';', ':')).reverse()],
      count: e.bytes,
    }));
  }

  encode(now = Date.now()): Buffer {
    const samples = [...this.last.values()].flat().map((e) => ({
      frames: e.stack.map(frameOf),
      values: [e.allocations, e.bytes],
      labels: { pid: String(e.pid) },
    }));
    return encodePprof({
      sampleTypes: [
        { type: 'inuse_objects', unit: 'count' },
        { type: 'inuse_space', unit: 'bytes' },
      ],
      samples,
      timeNanos: this.started * 1_000_000,
      durationNanos: (now - this.started) * 1_000_000,
    });
  }
}
