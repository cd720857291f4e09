// Schemas of tcpretrans's events: each retransmit, and the kernel's counts per flow (tcpretrans -c).
import { z } from 'zod';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';

export const tcpRetransmitSchema = z.strictObject({
  type: z.literal('tcp.retransmit'),
  ...envelopeShape,
  time: toolTime.optional(),
  elapsed_s: elapsedSeconds.optional(),
  pid: pid.optional(),
  family: family.optional(),
  laddr: address,
  lport: port,
  raddr: address,
  rport: port,
  state: z.string().optional(),
  kind: z.enum(['retrans', 'tlp']).optional(),
  tcp_seq: z.number().int().nonnegative().optional(),
});

export const tcpRetransmitCountSchema = z.strictObject({
  type: z.literal('tcp.retransmit.count'),
  ...envelopeShape,
  family: family.optional(),
  laddr: address,
  lport: port,
  raddr: address,
  rport: port,
  count: z.number().int().nonnegative(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.retransmit': typeof tcpRetransmitSchema;
    'tcp.retransmit.count': typeof tcpRetransmitCountSchema;
  }
}
