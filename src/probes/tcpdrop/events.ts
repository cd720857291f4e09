// Schema of tcp.drop: a TCP packet the kernel dropped, with its reason.
import * as z from '../../events/zod.js';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';

export const tcpDropSchema = z.strictObject({
  type: z.literal('tcp.drop'),
  ...envelopeShape,
  time: z.optional(toolTime),
  elapsed_s: z.optional(elapsedSeconds),
  pid: z.optional(pid),
  comm: z.optional(z.string()),
  family: z.optional(family),
  saddr: address,
  sport: port,
  daddr: address,
  dport: port,
  state: z.optional(z.string()),
  tcp_flags: z.optional(z.array(z.string().check(z.minLength(1)))),
  reason: z.optional(z.string().check(z.minLength(1))),
  reason_code: z.optional(z.number().check(z.int(), z.nonnegative())),
  stack: z.optional(z.array(z.string().check(z.minLength(1)))),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.drop': typeof tcpDropSchema;
  }
}
