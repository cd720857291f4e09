// The profile module: on-CPU stacks sampled on every CPU, per process.
import { defineProbe } from '../probe-module.js';
import { profileStackSchema } from './events.js';
import { profileMetrics } from './metrics.js';
import { profileParser } from './parser.js';
import { profileSummary } from './summary.js';

export const profileModule = defineProbe({
  name: 'profile',
  events: { 'profile.stack': profileStackSchema },
  parser: profileParser,
  summary: profileSummary,
  metrics: profileMetrics,
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    profile: true;
  }
}
