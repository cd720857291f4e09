// The opensnoop module: open(), openat() and openat2() calls.
import { defineProbe } from '../probe-module.js';
import { fileOpenSchema } from './events.js';
import { opensnoopMetrics } from './metrics.js';
import { opensnoopParser } from './parser.js';
import { opensnoopSummary } from './summary.js';
export const opensnoopModule = defineProbe({
  name: 'opensnoop',
  events: { 'file.open': fileOpenSchema },
  parser: opensnoopParser,
  summary: opensnoopSummary,
  metrics: opensnoopMetrics,
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    opensnoop: true;
  }
}
