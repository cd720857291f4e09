// The execsnoop module: execve() and execveat() calls.
import { defineProbe } from '../probe-module.js';
import { processExecSchema } from './events.js';
import { execsnoopMetrics } from './metrics.js';
import { execsnoopParser } from './parser.js';
import { execsnoopSummary } from './summary.js';

export const execsnoopModule = defineProbe({
  name: 'execsnoop',
  events: { 'process.exec': processExecSchema },
  parser: execsnoopParser,
  summary: execsnoopSummary,
  metrics: execsnoopMetrics,
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    execsnoop: true;
  }
}
