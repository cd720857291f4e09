// The shape of the agent's configuration file (YAML): its probes, where their events go, how failed probes restart.
import { z } from 'zod';
import { backendChoices } from '../plan/catalog.js';

const wholeMs = (least: number) =>
  z.number().int('must be a whole number of milliseconds').min(least, `must be at least ${least} ms`).max(86_400_000, 'must be at most 86400000 ms (a day)');

export const restartSchema = z.strictObject({
  initial_ms: wholeMs(10).optional(),
  max_ms: wholeMs(10).optional(),
  healthy_ms: wholeMs(0).optional(),
});

export const probeEntrySchema = z.strictObject({
  probe: z.string().min(1, 'must name a probe'),
  backend: z.enum(backendChoices, { error: () => `must be one of ${backendChoices.join(', ')}` }).optional(),
  /** The filters run takes (pid, comm, port, lport, rport, family, failed), checked by their own schema. */
  filters: z.record(z.string(), z.unknown()).optional(),
  /** The probe's own options (run's --interval, --iface...), in snake_case, checked by the probe's schema. */
  options: z.record(z.string(), z.unknown()).optional(),
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

const sinkShape = Object.fromEntries(Object.keys(SINK_KEYS).map((key) => [key, z.unknown().optional()])) as Record<SinkKey, z.ZodOptional<z.ZodUnknown>>;

export const stdoutChoices = ['jsonl', 'none'] as const;

export const agentConfigSchema = z.strictObject({
  /** Stamped on every event (default: this machine's host name). */
  host: z.string().min(1, 'must not be empty').optional(),
  probes: z.array(probeEntrySchema).min(1, 'must list at least one probe'),
  /** jsonl: every event on stdout as JSON lines (the journal keeps them under systemd); none: only the log lines on stderr. */
  stdout: z.enum(stdoutChoices, { error: () => `must be one of ${stdoutChoices.join(', ')}` }).optional(),
  restart: restartSchema.optional(),
  /** Seconds a backend gets after SIGINT, then after SIGTERM, when it is stopped. */
  grace: z.number().min(0, 'must not be negative').max(3600, 'must be at most 3600 seconds').optional(),
  validate: z.boolean().optional(),
  include_self: z.boolean().optional(),
  labels: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
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
