// The metrics options of `probectl run` and `replay`: --metrics HOST:PORT, --push URL, --push-interval S, --spool DIR, --label k=v, --metrics-names, checked with zod.
import { isIPv6 } from 'node:net';
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { secondsOption } from '../core/option-numbers.js';
import type { MetricNaming } from '../tally/metrics-part.js';
import { userLabels } from './labels.js';

export interface ListenAddress {
  /** As given, without the brackets of an IPv6 address. */
  host: string;
  /** 0 asks the system for a free port (the one it gave is printed when the run starts). */
  port: number;
}

const hostPort = /^(?:\[([^\]]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

export const listenAddressSchema = z.pipe(
  z.string(),
  z.transform((text, ctx): ListenAddress => {
    const match = hostPort.exec(text);
    const host = match?.[1] ?? match?.[2];
    const port = Number(match?.[3]);
    if (match === null || host === undefined || port > 65535 || (match[1] !== undefined && !isIPv6(match[1]))) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `must be HOST:PORT (127.0.0.1:9464, localhost:9464, [::1]:9464, 0.0.0.0:9464), not "${text}"`,
      });
      return z.NEVER;
    }
    return { host, port };
  }),
);

export const pushUrlSchema = z.pipe(
  z.string(),
  z.transform((text, ctx): URL => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      ctx.issues.push({
        input: ctx.value,
        code: 'custom',
        message: `must be an http:// or https:// URL (http://vm:8428/api/v1/write, http://vm:8428/api/v1/import/prometheus, http://pushgateway:9091/metrics/job/probectl), not "${text}"`,
      });
      return z.NEVER;
    }
    return url;
  }),
);

export const labelsSchema = z.pipe(
  z.array(z.string()),
  z.transform((items, ctx) => {
    const result = userLabels(items);
    if ('labels' in result) return result.labels;
    ctx.issues.push({ code: 'custom', input: ctx.value, message: result.problem });
    return z.NEVER;
  }),
);

/** Refuses a --label that probectl's metrics already use: loads every module's metrics part, only when a label is given. */
export async function checkLabelsUnused(labels: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(labels).length > 0) (await import('./taken-labels.js')).checkLabelsFree(labels);
}

export const metricNamings = ['probectl', 'xtrace'] as const;

/** Spread into a command's option schema. The values arrive as commander gives them: text, and --label as a list. */
export const metricsOptionsShape = {
  metrics: z.optional(listenAddressSchema),
  push: z.optional(pushUrlSchema),
  pushInterval: z.optional(secondsOption().check(z.gte(0.1, 'must be at least 0.1 seconds'))),
  spool: z.optional(z.string().check(z.minLength(1, 'must name a directory'))),
  label: z._default(labelsSchema, {}),
  metricsNames: z.optional(z.enum(metricNamings, { error: () => `must be one of ${metricNamings.join(', ')}` })),
};

export interface MetricsSettings {
  listen?: ListenAddress;
  /** spool: the directory where remote write samples wait, past the memory bound, while the server is away. */
  push?: { url: URL; intervalMs: number; spool?: string };
  labels: Record<string, string>;
  naming: MetricNaming;
  /** A `host` label on every series, each event's host (fleet run). */
  hostLabel?: boolean;
}

/** XTrace-Catch's defaults for its environment variables. */
export const XTRACE_DEFAULTS = { remoteWrite: 'http://localhost:8428/api/v1/import/prometheus', collectAgg: 'default' } as const;

export const DEFAULT_PUSH_INTERVAL_S = 10;

type Parsed = {
  metrics?: ListenAddress;
  push?: URL;
  pushInterval?: number;
  spool?: string;
  label: Record<string, string>;
  metricsNames?: (typeof metricNamings)[number];
  /** --publish, which --spool serves too. */
  publish?: unknown;
};

/**
 * The metrics settings of a run, or undefined when it neither serves nor pushes them; options that need another are refused.
 * Under --metrics-names xtrace, XTrace-Catch's variables are read as it reads them: VICTORIAMETRICS_ENABLED=true pushes
 * (unless --push is given) to VICTORIAMETRICS_REMOTE_WRITE, and COLLECT_AGG is the collect_agg label's value.
 */
export function metricsSettings(given: Parsed, env: NodeJS.ProcessEnv = process.env): MetricsSettings | undefined {
  const naming: MetricNaming =
    given.metricsNames === 'xtrace' ? { scheme: 'xtrace', collectAgg: nonEmpty(env.COLLECT_AGG) ?? XTRACE_DEFAULTS.collectAgg } : { scheme: 'probectl' };
  const options = naming.scheme === 'xtrace' && given.push === undefined ? { ...given, push: xtracePushUrl(env) } : given;
  if (options.pushInterval !== undefined && options.push === undefined)
    throw new ProbectlError('USAGE', '--push-interval needs --push URL.', 'Give --push with the URL to push to, or leave --push-interval out.');
  if (options.spool !== undefined && options.push === undefined && options.publish === undefined)
    throw new ProbectlError(
      'USAGE',
      '--spool needs --push URL or --publish nats://HOST:PORT.',
      'The spool keeps what a server could not take yet; give --push or --publish, or leave --spool out.',
    );
  if (options.metrics === undefined && options.push === undefined) {
    if (options.metricsNames !== undefined)
      throw new ProbectlError(
        'USAGE',
        '--metrics-names needs --metrics HOST:PORT or --push URL.',
        'The names are those of the metrics served or pushed; give --metrics or --push (or, for xtrace, VICTORIAMETRICS_ENABLED=true), or leave --metrics-names out.',
      );
    if (Object.keys(options.label).length > 0)
      throw new ProbectlError(
        'USAGE',
        '--label needs --metrics HOST:PORT or --push URL.',
        'The labels are added to the metrics; give --metrics or --push, or leave --label out.',
      );
    return undefined;
  }
  return {
    listen: options.metrics,
    push:
      options.push === undefined
        ? undefined
        : { url: options.push, intervalMs: (options.pushInterval ?? DEFAULT_PUSH_INTERVAL_S) * 1000, spool: options.spool },
    labels: options.label,
    naming,
  };
}

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** Where XTrace-Catch would push: VICTORIAMETRICS_REMOTE_WRITE (or its default) when VICTORIAMETRICS_ENABLED is true, else nowhere. */
function xtracePushUrl(env: NodeJS.ProcessEnv): URL | undefined {
  if (nonEmpty(env.VICTORIAMETRICS_ENABLED)?.toLowerCase() !== 'true') return undefined;
  const text = nonEmpty(env.VICTORIAMETRICS_REMOTE_WRITE) ?? XTRACE_DEFAULTS.remoteWrite;
  const checked = pushUrlSchema.safeParse(text);
  if (checked.success) return checked.data;
  throw new ProbectlError(
    'USAGE',
    `VICTORIAMETRICS_REMOTE_WRITE ${checked.error.issues[0]!.message}.`,
    'Set it to the URL to push to (http://vm:8428/api/v1/write), or unset VICTORIAMETRICS_ENABLED.',
  );
}
