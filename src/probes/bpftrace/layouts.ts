// The two output layouts of generic bpftrace programs, and the sink both readers write to.
import type { Layout } from '../../core/layout.js';
import type { EventBody, EventType } from '../../events/index.js';

export const textLayout: Layout = {
  name: 'text',
  impl: 'bpftrace',
  tool: 'bpftrace',
  description: 'bpftrace text output (default): @map lines, hist/lhist blocks, stats, printf lines; captured on 0.17',
};

export const jsonLayout: Layout = {
  name: 'json',
  impl: 'bpftrace',
  tool: 'bpftrace',
  description: 'bpftrace -f json: one {"type": ...} record per line; captured on 0.17',
};

export const bpftraceLayouts: readonly Layout[] = [textLayout, jsonLayout];

/** Where a reader sends an event; the layout is bound by whoever created the reader. */
export type Emit = <T extends EventType>(ts: number, type: T, body: EventBody<T>) => void;
