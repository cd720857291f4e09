// The malloc module: memory a process still holds, per allocation stack, and its allocator calls (libc uprobes).
import { defineProbe } from '../probe-module.js';
import { memoryOutstandingSchema, memoryRateSchema } from './events.js';
import { mallocMetrics } from './metrics.js';
import { mallocParser } from './parser.js';
import { mallocSummary } from './summary.js';

export const mallocModule = defineProbe({
  name: 'malloc',
  events: { 'memory.outstanding': memoryOutstandingSchema, 'memory.rate': memoryRateSchema },
  parser: mallocParser,
  summary: mallocSummary,
  metrics: mallocMetrics,
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    malloc: true;
  }
}
