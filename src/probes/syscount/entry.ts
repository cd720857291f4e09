// The syscount module as the registry lists it, without loading it: system calls counted per interval, per call or per process, with failures and time spent.
import { defineEntry } from '../probe-entry.js';
import { syscountProbeDefinition } from './probe.js';

export const syscountEntry = defineEntry({
  name: 'syscount',
  probe: syscountProbeDefinition,
  tools: { bcc: ['syscount'], libbpf: ['syscount'] },
  load: async () => (await import('./index.js')).syscountModule,
});
