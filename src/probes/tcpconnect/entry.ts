// The tcpconnect module as the registry lists it, without loading it: active TCP opens, with the connecting process, the handshake time and the result.
import { defineEntry } from '../probe-entry.js';
import { tcpconnectProbeDefinition } from './probe.js';

export const tcpconnectEntry = defineEntry({
  name: 'tcpconnect',
  probe: tcpconnectProbeDefinition,
  tools: { bcc: ['tcpconnect', 'tcpconnlat'], libbpf: ['tcpconnect', 'tcpconnlat'] },
  load: async () => (await import('./index.js')).tcpconnectModule,
});
