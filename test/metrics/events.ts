// Events made up for the metrics tests where no recording has them (status changes, thousands of flows), with a valid envelope.
import type { EventBody, EventOf, EventType } from '../../src/events/index.js';

let seq = 0;

export function madeUp<T extends EventType>(type: T, body: EventBody<T>, probe = 'tcpretrans'): EventOf<T> {
  seq++;
  return {
    type,
    ts: 1_700_000_000_000 + seq,
    probe,
    source: { impl: 'bpftrace', tool: probe, layout: 'test' },
    host: 'test',
    seq,
    ...body,
  } as unknown as EventOf<T>;
}

/** The n-th of many distinct flows: a different local port and address for each n. */
export const nthFlow = (n: number) => ({
  laddr: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  lport: 1024 + (n % 60000),
  raddr: '10.201.0.2',
  rport: 5001,
});
