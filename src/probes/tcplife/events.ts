// Schema of tcp.session: a TCP session as it closed, with bytes each way and its lifetime.
import * as z from '../../events/zod.js';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';

export const tcpSessionSchema = z.strictObject({
  type: z.literal('tcp.session'),
  ...envelopeShape,
  time: z.optional(toolTime),
  elapsed_s: z.optional(elapsedSeconds),
  pid: z.optional(pid),
  comm: z.optional(z.string()),
  family: z.optional(family),
  laddr: address,
  lport: port,
  raddr: address,
  rport: port,
  tx_kb: z.number().check(z.nonnegative()),
  rx_kb: z.number().check(z.nonnegative()),
  duration_ms: z.number().check(z.nonnegative()),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.session': typeof tcpSessionSchema;
  }
}
