// The tcplife module as the registry lists it, without loading it: TCP sessions with their bytes and lifetime.
import { defineEntry } from '../probe-entry.js';
import { tcplifeProbeDefinition } from './probe.js';

export const tcplifeEntry = defineEntry({
  name: 'tcplife',
  probe: tcplifeProbeDefinition,
  tools: { bcc: ['tcplife'], libbpf: ['tcplife'] },
  load: async () => (await import('./index.js')).tcplifeModule,
});
