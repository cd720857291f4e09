// The execsnoop module as the registry lists it, without loading it: execve() and execveat() calls.
import { defineEntry } from '../probe-entry.js';
import { execsnoopProbeDefinition } from './probe.js';

export const execsnoopEntry = defineEntry({
  name: 'execsnoop',
  probe: execsnoopProbeDefinition,
  tools: { bcc: ['execsnoop'], libbpf: ['execsnoop'] },
  load: async () => (await import('./index.js')).execsnoopModule,
});
