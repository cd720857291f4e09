// Schemas of generic bpftrace output: maps, histograms, stats and printf lines.
import * as z from '../../events/zod.js';
import { envelopeShape } from '../../events/envelope.js';

const mapName = z.string().check(z.regex(/^@[A-Za-z0-9_]*$/));
/** The key's parts, numbers where integral; [] for a map without a key. */
const mapKey = z.array(z.union([z.string(), z.number()]));

export const bpftraceMapSchema = z.strictObject({
  type: z.literal('bpftrace.map'),
  ...envelopeShape,
  map: mapName,
  key: mapKey,
  value: z.union([z.number(), z.string()]),
});

/** Inclusive integer bounds, as bpftrace -f json prints them; null for an open end. */
export const histBucketSchema = z.strictObject({
  min: z.nullable(z.number().check(z.int())),
  max: z.nullable(z.number().check(z.int())),
  count: z.number().check(z.int(), z.nonnegative()),
});

export const bpftraceHistSchema = z.strictObject({
  type: z.literal('bpftrace.hist'),
  ...envelopeShape,
  map: mapName,
  key: mapKey,
  buckets: z.array(histBucketSchema),
});

export const bpftraceStatsSchema = z.strictObject({
  type: z.literal('bpftrace.stats'),
  ...envelopeShape,
  map: mapName,
  key: mapKey,
  count: z.number().check(z.int(), z.nonnegative()),
  average: z.number(),
  total: z.number(),
});

/** A line the program printed itself (printf, time, join, system). */
export const bpftracePrintfSchema = z.strictObject({
  type: z.literal('bpftrace.printf'),
  ...envelopeShape,
  message: z.string(),
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'bpftrace.map': typeof bpftraceMapSchema;
    'bpftrace.hist': typeof bpftraceHistSchema;
    'bpftrace.stats': typeof bpftraceStatsSchema;
    'bpftrace.printf': typeof bpftracePrintfSchema;
  }
}
