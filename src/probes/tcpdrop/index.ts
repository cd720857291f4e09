// The tcpdrop module: TCP packets the kernel dropped, with the reason.
import { defineProbe } from '../probe-module.js';
import { tcpDropSchema } from './events.js';
import { tcpdropParser } from './parser.js';
import { tcpdropSummary } from './summary.js';
import { tcpdropProbeDefinition } from './probe.js';
export const tcpdropModule = defineProbe({
  name: 'tcpdrop',
  events: { 'tcp.drop': tcpDropSchema },
  parser: tcpdropParser,
  summary: tcpdropSummary,
  probe: tcpdropProbeDefinition,
  tools: { bcc: ['tcpdrop'] },
});
