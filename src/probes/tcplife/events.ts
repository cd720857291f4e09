// Schema of tcp.session: a TCP session as it closed, with bytes each way and its lifetime.
import { z } from 'zod';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';

export const tcpSessionSchema = z.strictObject({
  type: z.literal('tcp.session'),
  ...envelopeShape,
  time: toolTime.optional(),
  elapsed_s: elapsedSeconds.optional(),
  pid: pid.optional(),
  comm: z.string().optional(),
  family: family.optional(),
  laddr: address,
  lport: port,
  raddr: address,
  rport: port,
  tx_kb: z.number().nonnegative(),
  rx_kb: z.number().nonnegative(),
  duration_ms: z.number().nonnegative(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.session': typeof tcpSessionSchema;
  }
}
