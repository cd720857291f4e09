// The tcplife module: TCP sessions with their bytes and lifetime.
import { defineProbe } from '../probe-module.js';
import { tcpSessionSchema } from './events.js';
import { tcplifeParser } from './parser.js';
import { tcplifeSummary } from './summary.js';
import { tcplifeProbeDefinition } from './probe.js';
export const tcplifeModule = defineProbe({
  name: 'tcplife',
  events: { 'tcp.session': tcpSessionSchema },
  parser: tcplifeParser,
  summary: tcplifeSummary,
  probe: tcplifeProbeDefinition,
  tools: { bcc: ['tcplife'], libbpf: ['tcplife'] },
});
