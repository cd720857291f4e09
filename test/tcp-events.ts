// Hand-written TCP events for unit tests, checked against their schemas so that they stay events a tool could print.
import type { EventOf, ProbeEvent } from '../src/events/index.js';
import { eventSchema } from '../src/probes/registry.js';

type Body<T extends ProbeEvent['type']> = Omit<EventOf<T>, 'type' | 'ts' | 'probe' | 'source' | 'host' | 'seq'>;

let seq = 0;
const envelope = (probe: string, ts: number) => ({
  ts,
  probe,
  source: { impl: 'bpftrace' as const, tool: probe, layout: 'probectl-v1' },
  host: 'test',
  seq: ++seq,
});

function event<T extends ProbeEvent['type']>(type: T, probe: string, ts: number, body: Body<T>): EventOf<T> {
  return eventSchema.parse({ type, ...envelope(probe, ts), ...body }) as EventOf<T>;
}

/** A retransmit printed from the socket: local end first. */
export const retransmit = (ts: number, local: [string, number], remote: [string, number], extra: Partial<Body<'tcp.retransmit'>> = {}) =>
  event('tcp.retransmit', 'tcpretrans', ts, { laddr: local[0], lport: local[1], raddr: remote[0], rport: remote[1], state: 'ESTABLISHED', ...extra });

export const retransmitCount = (ts: number, local: [string, number], remote: [string, number], count: number) =>
  event('tcp.retransmit.count', 'tcpretrans', ts, { laddr: local[0], lport: local[1], raddr: remote[0], rport: remote[1], count });

/** A dropped packet, source first as the packet carried it. */
export const drop = (ts: number, source: [string, number], dest: [string, number], extra: Partial<Body<'tcp.drop'>> = {}) =>
  event('tcp.drop', 'tcpdrop', ts, { saddr: source[0], sport: source[1], daddr: dest[0], dport: dest[1], ...extra });

/** A session that ended at ts, local end first. */
export const session = (ts: number, local: [string, number], remote: [string, number], extra: Partial<Body<'tcp.session'>> = {}) =>
  event('tcp.session', 'tcplife', ts, { laddr: local[0], lport: local[1], raddr: remote[0], rport: remote[1], tx_kb: 0, rx_kb: 0, duration_ms: 0, ...extra });
