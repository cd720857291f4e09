// The OTLP options of run and replay: --otlp [URL], and the protocol and metric interval each signal takes from the standard OTEL_* variables.
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';

export const otlpProtocols = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof otlpProtocols)[number];
export const otlpSignals = ['logs', 'metrics', 'traces'] as const;
export type OtlpSignal = (typeof otlpSignals)[number];

/** --otlp alone (true): the endpoints of the OTEL_EXPORTER_OTLP_* variables; --otlp URL: URL/v1/logs, URL/v1/metrics, URL/v1/traces. */
export const otlpOptionShape = {
  otlp: z.optional(
    z.pipe(
      z.union([z.literal(true), z.string()]),
      z.transform((given, ctx): true | URL => {
        const url = given !== true && URL.canParse(given) ? new URL(given) : undefined;
        if (given === true || (url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:'))) return url ?? true;
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `must be the http:// or https:// base URL of an OTLP receiver (http://collector:4318), not "${given}"`,
        });
        return z.NEVER;
      }),
    ),
  ),
};

export interface OtlpSettings {
  /** The base URL given to --otlp; undefined: each signal's endpoint as the SDK reads it from the environment. */
  base?: URL;
  protocols: Readonly<Record<OtlpSignal, OtlpProtocol>>;
  metricIntervalMs: number;
}

/** The SDK's default metric export interval, which OTEL_METRIC_EXPORT_INTERVAL (milliseconds) changes. */
const DEFAULT_METRIC_INTERVAL_MS = 60_000;

/** The settings of an export, or undefined without --otlp; a protocol or interval the variables give that probectl cannot use is a usage error. */
export function otlpSettings(otlp: true | URL | undefined, env: NodeJS.ProcessEnv = process.env): OtlpSettings | undefined {
  if (otlp === undefined) return undefined;
  const protocols = Object.fromEntries(otlpSignals.map((signal) => [signal, protocolOf(signal, env)])) as Record<OtlpSignal, OtlpProtocol>;
  return { base: otlp === true ? undefined : otlp, protocols, metricIntervalMs: metricInterval(env) };
}

function protocolOf(signal: OtlpSignal, env: NodeJS.ProcessEnv): OtlpProtocol {
  const specific = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`;
  const [name, value] = env[specific] !== undefined ? [specific, env[specific]] : ['OTEL_EXPORTER_OTLP_PROTOCOL', env.OTEL_EXPORTER_OTLP_PROTOCOL];
  const protocol = value?.trim() || 'http/protobuf';
  if ((otlpProtocols as readonly string[]).includes(protocol)) return protocol as OtlpProtocol;
  throw new ProbectlError(
    'USAGE',
    `${name}=${protocol}: probectl exports OTLP over http/protobuf or http/json only.`,
    `Set ${name} to http/protobuf (the default) or http/json, or unset it.`,
  );
}

function metricInterval(env: NodeJS.ProcessEnv): number {
  const text = env.OTEL_METRIC_EXPORT_INTERVAL?.trim();
  if (text === undefined || text === '') return DEFAULT_METRIC_INTERVAL_MS;
  const ms = Number(text);
  if (Number.isInteger(ms) && ms >= 100) return ms;
  throw new ProbectlError(
    'USAGE',
    `OTEL_METRIC_EXPORT_INTERVAL=${text}: must be a whole number of milliseconds, at least 100.`,
    'Set it to the milliseconds between metric exports (60000 by default), or unset it.',
  );
}

/** The endpoint of a signal under --otlp URL, as OTEL_EXPORTER_OTLP_ENDPOINT builds it: the signal's path after the base's. */
export function signalUrl(base: URL, signal: OtlpSignal): string {
  return `${base.href.replace(/\/+$/, '')}/v1/${signal}`;
}
