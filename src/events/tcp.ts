// Schemas of the TCP events: retransmits, retransmit counts, drops and sessions.
import { z } from 'zod';
import { address, envelopeShape, family, elapsedSeconds, pid, port, toolTime } from './envelope.js';

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
