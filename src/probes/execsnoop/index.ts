// The execsnoop module: execve() and execveat() calls.
import { defineProbe } from '../probe-module.js';
import { processExecSchema } from './events.js';
import { execsnoopMetrics } from './metrics.js';
import { execsnoopParser } from './parser.js';
import { execsnoopProbeDefinition } from './probe.js';
import { execsnoopSummary } from './summary.js';

export const execsnoopModule = defineProbe({
  name: 'execsnoop',
  events: { 'process.exec': processExecSchema },
  parser: execsnoopParser,
  summary: execsnoopSummary,
  probe: execsnoopProbeDefinition,
  metrics: execsnoopMetrics,
  tools: { bcc: ['execsnoop'], libbpf: ['execsnoop'] },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    execsnoop: true;
  }
}
