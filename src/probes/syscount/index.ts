// The syscount module: system calls counted per interval, per call or per process, with failures and time spent.
import { defineProbe } from '../probe-module.js';
import { syscallCountSchema } from './events.js';
import { syscountMetrics } from './metrics.js';
import { syscountParser } from './parser.js';
import { syscountSummary } from './summary.js';
export const syscountModule = defineProbe({
  name: 'syscount',
  events: { 'syscall.count': syscallCountSchema },
  parser: syscountParser,
  summary: syscountSummary,
  metrics: syscountMetrics,
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    syscount: true;
  }
}
