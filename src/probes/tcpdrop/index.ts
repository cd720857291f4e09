// The tcpdrop module: TCP packets the kernel dropped, with the reason.
import { defineProbe } from '../probe-module.js';
import { tcpDropSchema } from './events.js';
import { tcpdropMetrics } from './metrics.js';
import { tcpdropParser } from './parser.js';
import { tcpdropSummary } from './summary.js';
export const tcpdropModule = defineProbe({
  name: 'tcpdrop',
  events: { 'tcp.drop': tcpDropSchema },
  parser: tcpdropParser,
  summary: tcpdropSummary,
  metrics: tcpdropMetrics,
  traits: { 'tcp.drop': { flow: ['saddr', 'sport', 'daddr', 'dport'], xctl: true, pidOnCpu: true } },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    tcpdrop: true;
  }
}
