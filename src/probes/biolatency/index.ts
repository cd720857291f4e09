// The biolatency module: block I/O latency histograms per interval, for all disks or each.
import { defineProbe } from '../probe-module.js';
import { blockLatencySchema } from './events.js';
import { biolatencyMetrics } from './metrics.js';
import { biolatencyParser } from './parser.js';
import { biolatencySummary } from './summary.js';
export const biolatencyModule = defineProbe({
  name: 'biolatency',
  events: { 'block.latency': blockLatencySchema },
  parser: biolatencyParser,
  summary: biolatencySummary,
  metrics: biolatencyMetrics,
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    biolatency: true;
  }
}
