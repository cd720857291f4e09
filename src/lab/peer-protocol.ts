// What the TCP peer program takes on its command line and prints on stdout, one JSON object a line, as zod schemas both sides share.
import { fileURLToPath } from 'node:url';
import * as z from '../events/zod.js';

/** serve: accept `connections`, read `request` bytes on each, reply `reply` bytes, close first. send: the client of one such exchange. */
export const peerConfigSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('serve'),
    host: z.string(),
    /** 0: any free port (the listening message says which). */
    port: z.number().check(z.int(), z.gte(0), z.lte(65535)),
    connections: z.number().check(z.int(), z.positive()),
    request: z.number().check(z.int(), z.nonnegative()),
    reply: z.number().check(z.int(), z.nonnegative()),
    /** Each socket's idle limit, and each connection's limit from accept to close. */
    timeoutMs: z.number().check(z.int(), z.positive()),
    /** The server exits by itself this long after it started listening, whatever is left. */
    deadlineMs: z.number().check(z.int(), z.positive()),
  }),
  z.strictObject({
    mode: z.literal('send'),
    host: z.string(),
    port: z.number().check(z.int(), z.gte(1), z.lte(65535)),
    /** 0: any port. */
    localPort: z.number().check(z.int(), z.gte(0), z.lte(65535)),
    request: z.number().check(z.int(), z.nonnegative()),
    reply: z.number().check(z.int(), z.nonnegative()),
    timeoutMs: z.number().check(z.int(), z.positive()),
  }),
]);
export type PeerConfig = z.infer<typeof peerConfigSchema>;

const processSchema = z.strictObject({ pid: z.number().check(z.int()), comm: z.string() });
const endpointSchema = z.strictObject({ address: z.string(), port: z.number().check(z.int()) });

/** One connection as one end measured it: bytes are counted by the program (sent = accepted by the kernel), times are epoch ms. */
export const peerConnectionSchema = z.strictObject({
  ...processSchema.shape,
  local: z.optional(endpointSchema),
  remote: z.optional(endpointSchema),
  sent: z.number().check(z.int(), z.nonnegative()),
  received: z.number().check(z.int(), z.nonnegative()),
  started_at: z.number(),
  ended_at: z.number(),
  /** Absent when the exchange completed with the expected byte counts. */
  error: z.optional(z.string()),
});
export type PeerConnection = z.infer<typeof peerConnectionSchema>;

export const peerMessageSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('listening'), ...processSchema.shape, local: endpointSchema }),
  z.strictObject({ event: z.literal('connection'), ...peerConnectionSchema.shape }),
]);
export type PeerMessage = z.infer<typeof peerMessageSchema>;

/** The command line that runs the peer program with this config (prefix it with `ip netns exec NS` to place it). */
export function peerArgv(config: PeerConfig): string[] {
  return [process.execPath, fileURLToPath(new URL('./tcp-peer.js', import.meta.url)), JSON.stringify(peerConfigSchema.parse(config))];
}
