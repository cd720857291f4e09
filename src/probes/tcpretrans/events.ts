// Schemas of tcpretrans's events: each retransmit, and the kernel's counts per flow (tcpretrans -c).
import * as z from '../../events/zod.js';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';

export const tcpRetransmitSchema = z.strictObject({
  type: z.literal('tcp.retransmit'),
  ...envelopeShape,
  time: z.optional(toolTime),
  elapsed_s: z.optional(elapsedSeconds),
  pid: z.optional(pid),
  family: z.optional(family),
  laddr: address,
  lport: port,
  raddr: address,
  rport: port,
  state: z.optional(z.string()),
  kind: z.optional(z.enum(['retrans', 'tlp'])),
  tcp_seq: z.optional(z.number().check(z.int(), z.nonnegative())),
});

export const tcpRetransmitCountSchema = z.strictObject({
  type: z.literal('tcp.retransmit.count'),
  ...envelopeShape,
  family: z.optional(family),
  laddr: address,
  lport: port,
  raddr: address,
  rport: port,
  count: z.number().check(z.int(), z.nonnegative()),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.retransmit': typeof tcpRetransmitSchema;
    'tcp.retransmit.count': typeof tcpRetransmitCountSchema;
  }
}
