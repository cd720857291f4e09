// The bpftrace module as the registry lists it, without loading it: any bpftrace program's output (maps, histograms, stats, printf), as text or -f json; a parser, not a probe.
import { defineEntry } from '../probe-entry.js';

export const bpftraceEntry = defineEntry({
  name: 'bpftrace',
  load: async () => (await import('./index.js')).bpftraceModule,
});
