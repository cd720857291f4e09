// The tcpretrans module as the registry lists it, without loading it: TCP retransmits, each one or counted per flow.
import { defineEntry } from '../probe-entry.js';
import { tcpretransProbeDefinition } from './probe.js';

export const tcpretransEntry = defineEntry({
  name: 'tcpretrans',
  probe: tcpretransProbeDefinition,
  tools: { bcc: ['tcpretrans'] },
  load: async () => (await import('./index.js')).tcpretransModule,
});
