// The bpftrace module: any bpftrace program's output (maps, histograms, stats, printf), as text or -f json; a parser, not a probe.
import { defineProbe } from '../probe-module.js';
import { bpftraceHistSchema, bpftraceMapSchema, bpftracePrintfSchema, bpftraceStatsSchema } from './events.js';
import { bpftraceParser } from './parser.js';

export const bpftraceModule = defineProbe({
  name: 'bpftrace',
  events: {
    'bpftrace.map': bpftraceMapSchema,
    'bpftrace.hist': bpftraceHistSchema,
    'bpftrace.stats': bpftraceStatsSchema,
    'bpftrace.printf': bpftracePrintfSchema,
  },
  parser: bpftraceParser,
  traits: { 'bpftrace.printf': { anyLine: true } },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    bpftrace: true;
  }
}
