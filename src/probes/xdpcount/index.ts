// The xdpcount module: packets and bytes per traffic class and per flow on one interface (XDP).
import { defineProbe } from '../probe-module.js';
import { xdpCountSchema, xdpFlowSchema } from './events.js';
import { xdpcountMetrics } from './metrics.js';
import { xdpcountParser } from './parser.js';
import { xdpcountProbeDefinition } from './probe.js';
export const xdpcountModule = defineProbe({
  name: 'xdpcount',
  events: { 'xdp.count': xdpCountSchema, 'xdp.flow': xdpFlowSchema },
  parser: xdpcountParser,
  probe: xdpcountProbeDefinition,
  metrics: xdpcountMetrics,
  traits: { 'xdp.flow': { flow: ['src', 'sport', 'dst', 'dport'] } },
});
