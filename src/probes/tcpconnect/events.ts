// Schema of tcp.connect: one active TCP open (connect()), with how long the handshake took and how it ended where the tool says.
import * as z from '../../events/zod.js';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';
import { connectResults } from './results.js';

export { connectResults, type ConnectResult } from './results.js';

export const tcpConnectSchema = z.strictObject({
  type: z.literal('tcp.connect'),
  ...envelopeShape,
  /** tcpconnect.bt's HH:MM:SS column. */
  time: z.optional(toolTime),
  /** The -t column of BCC and libbpf-tools: seconds since the first event printed. */
  elapsed_s: z.optional(elapsedSeconds),
  uid: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** The process that called connect(). */
  pid: pid,
  comm: z.string(),
  family: family,
  saddr: address,
  /** The local port, where the tool printed it (probectl's program, tcpconnect.bt, tcpconnect -s / -L, tcpconnlat -L). */
  sport: z.optional(port),
  daddr: address,
  dport: port,
  /**
   * From the SYN sent to the answer: to ESTABLISHED, or, for a failed connect, to the socket's close (probectl's
   * program); to the first packet answering the SYN (tcpconnlat, whatever it said). Absent from tcpconnect's rows.
   */
  latency_ms: z.optional(z.number().check(z.nonnegative())),
  /** Absent where the tool does not say (the stock tools print every attempt the same). */
  result: z.optional(z.enum(connectResults)),
  /** The error the kernel recorded on the socket (sk_err) when a connect failed with one. */
  errno: z.optional(z.number().check(z.int(), z.positive())),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.connect': typeof tcpConnectSchema;
  }
}
