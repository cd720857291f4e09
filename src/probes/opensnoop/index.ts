// The opensnoop module: open(), openat() and openat2() calls.
import { defineProbe } from '../probe-module.js';
import { fileOpenSchema } from './events.js';
import { opensnoopMetrics } from './metrics.js';
import { opensnoopParser } from './parser.js';
import { opensnoopSummary } from './summary.js';
import { opensnoopProbeDefinition } from './probe.js';
export const opensnoopModule = defineProbe({
  name: 'opensnoop',
  events: { 'file.open': fileOpenSchema },
  parser: opensnoopParser,
  summary: opensnoopSummary,
  probe: opensnoopProbeDefinition,
  metrics: opensnoopMetrics,
  tools: { bcc: ['opensnoop'], libbpf: ['opensnoop'] },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    opensnoop: true;
  }
}
