// The metrics options of `probectl run`: --metrics HOST:PORT, --push URL, --push-interval S, --label k=v, checked with zod.
import { isIPv6 } from 'node:net';
import { z } from 'zod';
import { ProbectlError } from '../core/errors.js';
import { userLabels } from './labels.js';

export interface ListenAddress {
  /** As given, without the brackets of an IPv6 address. */
  host: string;
  /** 0 asks the system for a free port (the one it gave is printed when the run starts). */
  port: number;
}

const hostPort = /^(?:\[([^\]]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

export const listenAddressSchema = z.string().transform((text, ctx): ListenAddress => {
  const match = hostPort.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (match === null || host === undefined || port > 65535 || (match[1] !== undefined && !isIPv6(match[1]))) {
    ctx.addIssue({ code: 'custom', message: `must be HOST:PORT (127.0.0.1:9464, localhost:9464, [::1]:9464, 0.0.0.0:9464), not "${text}"` });
    return z.NEVER;
  }
  return { host, port };
});

export const pushUrlSchema = z.string().transform((text, ctx): URL => {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an http:// or https:// URL (http://vm:8428/api/v1/import/prometheus, http://pushgateway:9091/metrics/job/probectl), not "${text}"`,
    });
    return z.NEVER;
  }
  return url;
});

export const labelsSchema = z.array(z.string()).transform((items, ctx) => {
  const result = userLabels(items);
  if ('labels' in result) return result.labels;
  ctx.addIssue({ code: 'custom', message: result.problem });
  return z.NEVER;
});

/** Spread into a command's option schema. The values arrive as commander gives them: text, and --label as a list. */
export const metricsOptionsShape = {
  metrics: listenAddressSchema.optional(),
  push: pushUrlSchema.optional(),
  pushInterval: z.coerce
    .number({ error: () => 'must be a number of seconds' })
    .finite('must be a number of seconds')
    .min(0.1, 'must be at least 0.1 seconds')
    .optional(),
  label: labelsSchema.default({}),
};

export interface MetricsSettings {
  listen?: ListenAddress;
  push?: { url: URL; intervalMs: number };
  labels: Record<string, string>;
}

export const DEFAULT_PUSH_INTERVAL_S = 10;

type Parsed = { metrics?: ListenAddress; push?: URL; pushInterval?: number; label: Record<string, string> };

/** The metrics settings of a run, or undefined when it neither serves nor pushes them; options that need another are refused. */
export function metricsSettings(options: Parsed): MetricsSettings | undefined {
  if (options.pushInterval !== undefined && options.push === undefined)
    throw new ProbectlError('USAGE', '--push-interval needs --push URL.', 'Give --push with the URL to push to, or leave --push-interval out.');
  if (options.metrics === undefined && options.push === undefined) {
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
    push: options.push === undefined ? undefined : { url: options.push, intervalMs: (options.pushInterval ?? DEFAULT_PUSH_INTERVAL_S) * 1000 },
    labels: options.label,
  };
}
