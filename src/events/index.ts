// Every event type: one schema each, the union, and the types derived from them.
import { z } from 'zod';
import { bpftraceHistSchema, bpftraceMapSchema, bpftracePrintfSchema, bpftraceStatsSchema } from './bpftrace.js';
import { fileOpenSchema } from './file.js';
import { tcpDropSchema, tcpRetransmitCountSchema, tcpRetransmitSchema, tcpSessionSchema } from './tcp.js';
import { probeStatusSchema } from './probe.js';
import { toolDiagnosticSchema, toolLostSchema } from './tool.js';
import { xdpCountSchema, xdpFlowSchema } from './xdp.js';

export const eventSchemas = {
  'tcp.retransmit': tcpRetransmitSchema,
  'tcp.retransmit.count': tcpRetransmitCountSchema,
  'tcp.drop': tcpDropSchema,
  'tcp.session': tcpSessionSchema,
  'file.open': fileOpenSchema,
  'xdp.count': xdpCountSchema,
  'xdp.flow': xdpFlowSchema,
  'bpftrace.map': bpftraceMapSchema,
  'bpftrace.hist': bpftraceHistSchema,
  'bpftrace.stats': bpftraceStatsSchema,
  'bpftrace.printf': bpftracePrintfSchema,
  'tool.lost': toolLostSchema,
  'tool.diagnostic': toolDiagnosticSchema,
  'probe.status': probeStatusSchema,
} as const;

export type EventType = keyof typeof eventSchemas;
export const eventTypes = Object.keys(eventSchemas) as EventType[];

export const eventSchema = z.discriminatedUnion('type', [
  tcpRetransmitSchema,
  tcpRetransmitCountSchema,
  tcpDropSchema,
  tcpSessionSchema,
  fileOpenSchema,
  xdpCountSchema,
  xdpFlowSchema,
  bpftraceMapSchema,
  bpftraceHistSchema,
  bpftraceStatsSchema,
  bpftracePrintfSchema,
  toolLostSchema,
  toolDiagnosticSchema,
  probeStatusSchema,
]);

export type ProbeEvent = z.infer<typeof eventSchema>;
export type EventOf<T extends EventType> = Extract<ProbeEvent, { type: T }>;
/** What a parser produces: the type-specific fields, before the envelope is stamped on. */
export type EventBody<T extends EventType = EventType> = T extends EventType ? Omit<EventOf<T>, 'type' | 'ts' | 'probe' | 'source' | 'host' | 'seq'> : never;

export { sourceSchema, type Source, type Implementation } from './envelope.js';
export * from './tcp.js';
export * from './file.js';
export * from './xdp.js';
export * from './bpftrace.js';
export * from './tool.js';
export * from './probe.js';
