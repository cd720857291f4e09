// The malloc module as the registry lists it, without loading it: memory a process still holds, per allocation stack, and its allocator calls (libc uprobes).
import { defineEntry } from '../probe-entry.js';
import { mallocProbeDefinition } from './probe.js';

export const mallocEntry = defineEntry({
  name: 'malloc',
  probe: mallocProbeDefinition,
  load: async () => (await import('./index.js')).mallocModule,
});
