// The tcplife module: TCP sessions with their bytes and lifetime.
import { defineProbe } from '../probe-module.js';
import { tcpSessionSchema } from './events.js';
import { tcplifeMetrics } from './metrics.js';
import { tcplifeParser } from './parser.js';
import { tcplifeSummary } from './summary.js';
export const tcplifeModule = defineProbe({
  name: 'tcplife',
  events: { 'tcp.session': tcpSessionSchema },
  parser: tcplifeParser,
  summary: tcplifeSummary,
  metrics: tcplifeMetrics,
  traits: { 'tcp.session': { flow: ['laddr', 'lport', 'raddr', 'rport'], duration: 'duration_ms' } },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    tcplife: true;
  }
}
