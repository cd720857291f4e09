// The tcpretrans module: TCP retransmits, each one or counted per flow.
import { defineProbe } from '../probe-module.js';
import { tcpRetransmitCountSchema, tcpRetransmitSchema } from './events.js';
import { tcpretransMetrics } from './metrics.js';
import { tcpretransParser } from './parser.js';
import { tcpretransSummary } from './summary.js';
export const tcpretransModule = defineProbe({
  name: 'tcpretrans',
  events: { 'tcp.retransmit': tcpRetransmitSchema, 'tcp.retransmit.count': tcpRetransmitCountSchema },
  parser: tcpretransParser,
  summary: tcpretransSummary,
  metrics: tcpretransMetrics,
  traits: {
    'tcp.retransmit': { flow: ['laddr', 'lport', 'raddr', 'rport'], xctl: true, pidOnCpu: true },
    'tcp.retransmit.count': { flow: ['laddr', 'lport', 'raddr', 'rport'] },
  },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    tcpretrans: true;
  }
}
