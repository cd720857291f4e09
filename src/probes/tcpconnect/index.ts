// The tcpconnect module: active TCP opens, with the connecting process, the handshake time and the result.
import { defineProbe } from '../probe-module.js';
import { tcpConnectSchema } from './events.js';
import { tcpconnectMetrics } from './metrics.js';
import { tcpconnectParser } from './parser.js';
import { tcpconnectSummary } from './summary.js';

export const tcpconnectModule = defineProbe({
  name: 'tcpconnect',
  events: { 'tcp.connect': tcpConnectSchema },
  parser: tcpconnectParser,
  summary: tcpconnectSummary,
  metrics: tcpconnectMetrics,
  // The pid is the process that called connect(), recorded in its own context (SYN_SENT): not only the task on the CPU,
  // so probectl's own connects (a metrics push) are its own and left out.
  traits: { 'tcp.connect': { flow: ['saddr', 'sport', 'daddr', 'dport'], duration: 'latency_ms' } },
});

declare module '../../plan/plan.js' {
  interface ParserNames {
    tcpconnect: true;
  }
}
