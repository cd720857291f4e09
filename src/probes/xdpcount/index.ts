// The xdpcount module: packets and bytes per traffic class and per flow on one interface (XDP).
import { defineProbe } from '../probe-module.js';
import { xdpCountSchema, xdpFlowSchema } from './events.js';
import { xdpcountLeftovers } from './leftovers.js';
import { xdpcountMetrics } from './metrics.js';
import { xdpcountParser } from './parser.js';
import { xdpcountSummary } from './summary.js';
export const xdpcountModule = defineProbe({
  name: 'xdpcount',
  events: { 'xdp.count': xdpCountSchema, 'xdp.flow': xdpFlowSchema },
  parser: xdpcountParser,
  summary: xdpcountSummary,
  leftovers: xdpcountLeftovers,
  metrics: xdpcountMetrics,
  traits: { 'xdp.flow': { flow: ['src', 'sport', 'dst', 'dport'] } },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    xdpcount: true;
  }
}
