// Schema of tcp.connect: one active TCP open (connect()), with how long the handshake took and how it ended where the tool says.
import { z } from 'zod';
import { address, elapsedSeconds, envelopeShape, family, pid, port, toolTime } from '../../events/envelope.js';
import { connectResults } from './results.js';

export { connectResults, type ConnectResult } from './results.js';

export const tcpConnectSchema = z.strictObject({
  type: z.literal('tcp.connect'),
  ...envelopeShape,
  /** tcpconnect.bt's HH:MM:SS column. */
  time: toolTime.optional(),
  /** The -t column of BCC and libbpf-tools: seconds since the first event printed. */
  elapsed_s: elapsedSeconds.optional(),
  uid: z.number().int().nonnegative().optional(),
  /** The process that called connect(). */
  pid: pid,
  comm: z.string(),
  family: family,
  saddr: address,
  /** The local port, where the tool printed it (probectl's program, tcpconnect.bt, tcpconnect -s / -L, tcpconnlat -L). */
  sport: port.optional(),
  daddr: address,
  dport: port,
  /**
   * From the SYN sent to the answer: to ESTABLISHED, or, for a failed connect, to the socket's close (probectl's
   * program); to the first packet answering the SYN (tcpconnlat, whatever it said). Absent from tcpconnect's rows.
   */
  latency_ms: z.number().nonnegative().optional(),
  /** Absent where the tool does not say (the stock tools print every attempt the same). */
  result: z.enum(connectResults).optional(),
  /** The error the kernel recorded on the socket (sk_err) when a connect failed with one. */
  errno: z.number().int().positive().optional(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'tcp.connect': typeof tcpConnectSchema;
  }
}
