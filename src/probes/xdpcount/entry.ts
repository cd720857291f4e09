// The xdpcount module as the registry lists it, without loading it: packets and bytes per traffic class and per flow on one interface (XDP).
import { defineEntry } from '../probe-entry.js';
import { xdpcountProbeDefinition } from './probe.js';

export const xdpcountEntry = defineEntry({
  name: 'xdpcount',
  probe: xdpcountProbeDefinition,
  load: async () => (await import('./index.js')).xdpcountModule,
});
