// The opensnoop module as the registry lists it, without loading it: open(), openat() and openat2() calls.
import { defineEntry } from '../probe-entry.js';
import { opensnoopProbeDefinition } from './probe.js';

export const opensnoopEntry = defineEntry({
  name: 'opensnoop',
  probe: opensnoopProbeDefinition,
  tools: { bcc: ['opensnoop'], libbpf: ['opensnoop'] },
  load: async () => (await import('./index.js')).opensnoopModule,
});
