// The profile module as the registry lists it, without loading it: on-CPU stacks sampled on every CPU, per process.
import { defineEntry } from '../probe-entry.js';
import { profileProbeDefinition } from './probe.js';

export const profileEntry = defineEntry({
  name: 'profile',
  probe: profileProbeDefinition,
  load: async () => (await import('./index.js')).profileModule,
});
