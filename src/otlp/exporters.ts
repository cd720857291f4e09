// The SDK's OTLP exporters of each signal in the protocol it is set to, loaded only when an export starts.
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { type OtlpProtocol, type OtlpSettings, signalUrl } from './options.js';

export interface OtlpExporters {
  logs(): LogRecordExporter;
  metrics(): PushMetricExporter;
  traces(): SpanExporter;
}

/** Each exporter's package, by protocol; the SDK reads the headers, timeouts and (without --otlp URL) the endpoints from the OTEL_* variables. */
const packages = {
  'http/protobuf': {
    logs: async () => (await import('@opentelemetry/exporter-logs-otlp-proto')).OTLPLogExporter,
    metrics: async () => (await import('@opentelemetry/exporter-metrics-otlp-proto')).OTLPMetricExporter,
    traces: async () => (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter,
  },
  'http/json': {
    logs: async () => (await import('@opentelemetry/exporter-logs-otlp-http')).OTLPLogExporter,
    metrics: async () => (await import('@opentelemetry/exporter-metrics-otlp-http')).OTLPMetricExporter,
    traces: async () => (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter,
  },
} satisfies Record<OtlpProtocol, unknown>;

export async function loadExporters(settings: OtlpSettings): Promise<OtlpExporters> {
  const { protocols, base } = settings;
  const [Logs, Metrics, Traces] = await Promise.all([
    packages[protocols.logs].logs(),
    packages[protocols.metrics].metrics(),
    packages[protocols.traces].traces(),
  ]);
  // An explicit url wins over the variables' endpoints; without one the SDK reads them (and defaults to http://localhost:4318).
  const config = (signal: 'logs' | 'metrics' | 'traces') => (base === undefined ? {} : { url: signalUrl(base, signal) });
  return {
    logs: () => new Logs(config('logs')),
    metrics: () => new Metrics(config('metrics')),
    traces: () => new Traces(config('traces')),
  };
}
