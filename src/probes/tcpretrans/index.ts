// The tcpretrans module: TCP retransmits, each one or counted per flow.
import { defineProbe } from '../probe-module.js';
import { tcpRetransmitCountSchema, tcpRetransmitSchema } from './events.js';
import { tcpretransParser } from './parser.js';
import { tcpretransSummary } from './summary.js';
import { tcpretransProbeDefinition } from './probe.js';
export const tcpretransModule = defineProbe({
  name: 'tcpretrans',
  events: { 'tcp.retransmit': tcpRetransmitSchema, 'tcp.retransmit.count': tcpRetransmitCountSchema },
  parser: tcpretransParser,
  summary: tcpretransSummary,
  probe: tcpretransProbeDefinition,
  tools: { bcc: ['tcpretrans'] },
});
