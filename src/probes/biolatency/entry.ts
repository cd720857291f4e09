// The biolatency module as the registry lists it, without loading it: block I/O latency histograms per interval, for all disks or each.
import { defineEntry } from '../probe-entry.js';
import { biolatencyProbeDefinition } from './probe.js';

export const biolatencyEntry = defineEntry({
  name: 'biolatency',
  probe: biolatencyProbeDefinition,
  tools: { bcc: ['biolatency'], libbpf: ['biolatency'] },
  load: async () => (await import('./index.js')).biolatencyModule,
});
