// Schema of tcp.drop: a TCP packet the kernel dropped, with its reason.
import { z } from 'zod';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';

export const tcpDropSchema = z.strictObject({
  type: z.literal('tcp.drop'),
  ...envelopeShape,
  time: toolTime.optional(),
  elapsed_s: elapsedSeconds.optional(),
  pid: pid.optional(),
  comm: z.string().optional(),
  family: family.optional(),
  saddr: address,
  sport: port,
  daddr: address,
  dport: port,
  state: z.string().optional(),
  tcp_flags: z.array(z.string().min(1)).optional(),
  reason: z.string().min(1).optional(),
  reason_code: z.number().int().nonnegative().optional(),
  stack: z.array(z.string().min(1)).optional(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.drop': typeof tcpDropSchema;
  }
}
