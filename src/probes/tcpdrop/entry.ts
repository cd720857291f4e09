// The tcpdrop module as the registry lists it, without loading it: TCP packets the kernel dropped, with the reason.
import { defineEntry } from '../probe-entry.js';
import { tcpdropProbeDefinition } from './probe.js';

export const tcpdropEntry = defineEntry({
  name: 'tcpdrop',
  probe: tcpdropProbeDefinition,
  tools: { bcc: ['tcpdrop'] },
  load: async () => (await import('./index.js')).tcpdropModule,
});
