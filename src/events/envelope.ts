// The envelope every event carries, whatever its type.
import * as z from './zod.js';

export const implementations = ['bcc', 'libbpf', 'bpftrace', 'probectl'] as const;
export type Implementation = (typeof implementations)[number];

export const sourceSchema = z.strictObject({
  impl: z.enum(implementations),
  tool: z.string().check(z.minLength(1)),
  layout: z.string().check(z.minLength(1)),
});
export type Source = z.infer<typeof sourceSchema>;

export const envelopeShape = {
  ts: z.number().check(z.int(), z.nonnegative()),
  probe: z.string().check(z.minLength(1)),
  source: sourceSchema,
  host: z.string(),
  seq: z.number().check(z.int(), z.positive()),
};

/** Fields shared by the network events. */
export const port = z.number().check(z.int(), z.gte(0), z.lte(65535));
export const family = z.union([z.literal(4), z.literal(6)]);
export const address = z.string().check(z.minLength(1));
export const pid = z.number().check(z.int(), z.nonnegative());
/** The tool's own wall-clock column exactly as printed (HH:MM:SS, local time, no date). */
export const toolTime = z.string().check(z.minLength(1));
/**
 * The tool's relative clock column: seconds since the first event it printed (bcc TIME(s)).
 * Negative when events reach the tool out of order; kept as printed.
 */
export const elapsedSeconds = z.number();
