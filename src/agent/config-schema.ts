// The shape of the agent's configuration file (YAML): its probes, where their events go, how failed probes restart.
import * as z from '../events/zod.js';
import { backendChoices } from '../plan/catalog.js';

const wholeMs = (least: number) =>
  z
    .number()
    .check(
      z.int('must be a whole number of milliseconds'),
      z.gte(least, `must be at least ${least} ms`),
      z.lte(86_400_000, 'must be at most 86400000 ms (a day)'),
    );

export const restartSchema = z.strictObject({
  initial_ms: z.optional(wholeMs(10)),
  max_ms: z.optional(wholeMs(10)),
  healthy_ms: z.optional(wholeMs(0)),
});

export const probeEntrySchema = z.strictObject({
  probe: z.string().check(z.minLength(1, 'must name a probe')),
  backend: z.optional(z.enum(backendChoices, { error: () => `must be one of ${backendChoices.join(', ')}` })),
  /** The filters run takes (pid, comm, port, lport, rport, family, failed), checked by their own schema. */
  filters: z.optional(z.record(z.string(), z.unknown())),
  /** The probe's own options (run's --interval, --iface...), in snake_case, checked by the probe's schema. */
  options: z.optional(z.record(z.string(), z.unknown())),
});

/**
 * The keys that configure where the events go: run's options of the same names (snake_case), each checked by run's own schema.
 * `labels` is a mapping (run's --label NAME=VALUE, repeated).
 */
export const SINK_KEYS = {
  publish: 'publish',
  stream: 'stream',
  stream_max_age: 'streamMaxAge',
  stream_max_bytes: 'streamMaxBytes',
  spool: 'spool',
  spool_max: 'spoolMax',
  publish_wait: 'publishWait',
  metrics: 'metrics',
  push: 'push',
  push_interval: 'pushInterval',
  metrics_names: 'metricsNames',
  otlp: 'otlp',
} as const;
export type SinkKey = keyof typeof SINK_KEYS;

const sinkShape = Object.fromEntries(Object.keys(SINK_KEYS).map((key) => [key, z.optional(z.unknown())])) as Record<
  SinkKey,
  z.ZodMiniOptional<z.ZodMiniUnknown>
>;

export const stdoutChoices = ['jsonl', 'none'] as const;

export const agentConfigSchema = z.strictObject({
  /** Stamped on every event (default: this machine's host name). */
  host: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  probes: z.array(probeEntrySchema).check(z.minLength(1, 'must list at least one probe')),
  /** jsonl: every event on stdout as JSON lines (the journal keeps them under systemd); none: only the log lines on stderr. */
  stdout: z.optional(z.enum(stdoutChoices, { error: () => `must be one of ${stdoutChoices.join(', ')}` })),
  restart: z.optional(restartSchema),
  /** Seconds a backend gets after SIGINT, then after SIGTERM, when it is stopped. */
  grace: z.optional(z.number().check(z.gte(0, 'must not be negative'), z.lte(3600, 'must be at most 3600 seconds'))),
  validate: z.optional(z.boolean()),
  include_self: z.optional(z.boolean()),
  labels: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  ...sinkShape,
});
export type AgentConfigDocument = z.infer<typeof agentConfigSchema>;

/** The keys a mapping takes at a path of the document, for the message that refuses an unknown one. */
export function keysAt(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(agentConfigSchema.shape);
  if (path[0] === 'probes' && path.length === 2) return Object.keys(probeEntrySchema.shape);
  if (path[0] === 'restart' && path.length === 1) return Object.keys(restartSchema.shape);
  return [];
}
