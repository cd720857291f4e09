// The stacks behind the report's flame graphs: CPU samples added up as --flamegraph adds them, and the memory each process still holds.
import type { ProbeEvent } from '../events/index.js';
import type { FoldedStack } from '../sinks/flamegraph.js';
import { StackFiles } from '../sinks/stack-files.js';
import { bytes, plural } from '../tally/units.js';

export interface FlameGraphData {
  kind: 'cpu' | 'memory';
  title: string;
  /** What a frame's width counts: samples, or bytes still held. */
  unit: 'sample' | 'byte';
  total: number;
  /** Root first: the process name (or "pid N" for memory), then its frames. */
  stacks: FoldedStack[];
}

/** Adds up profile.stack and memory.outstanding events; knows nothing of the others. */
export class FlameGraphStacks {
  private readonly stacks = new StackFiles({});

  add(event: ProbeEvent): void {
    if (event.type === 'profile.stack' || event.type === 'memory.outstanding') this.stacks.add(event);
  }

  /** A graph for each kind the events held: none when there was neither. */
  graphs(): FlameGraphData[] {
    const graphs: FlameGraphData[] = [];
    const samples = this.stacks.sampleCount;
    if (samples > 0)
      graphs.push({ kind: 'cpu', title: `CPU flame graph: ${plural(samples, 'sample')}`, unit: 'sample', total: samples, stacks: this.stacks.foldedStacks() });
    const memory = this.stacks.memoryStacks().filter((s) => s.count > 0);
    const held = memory.reduce((n, s) => n + s.count, 0);
    if (held > 0) graphs.push({ kind: 'memory', title: `Memory still held: ${bytes(held)} by stack`, unit: 'byte', total: held, stacks: memory });
    return graphs;
  }
}
