// The OTLP export of one run or replay: each event a log record, spans for what lasted, the metrics per host, all flushed when it ends.
import type { Logger } from '@opentelemetry/api-logs';
import type { Tracer } from '@opentelemetry/api';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ProbeEvent } from '../events/index.js';
import { MetricsDispatch } from '../metrics/metrics-dispatch.js';
import { plural } from '../core/plural.js';
import { loadExporters, type OtlpExporters } from './exporters.js';
import { countedExporter, countedMetricExporter, ExportTally } from './export-tally.js';
import { logRecordOf } from './log-record.js';
import { meterSeries } from './meter-series.js';
import type { OtlpSettings } from './options.js';
import { resourceOf } from './resource.js';
import { spanOf } from './span-of.js';

const SCOPE = 'probectl';
/** Records and spans handed on but not yet sent past which the caller waits for a flush: below the SDK's queue of 2048, which drops what overflows it. */
const MAX_OUTSTANDING = 1024;
/** The label caps bound the series, as they do for Prometheus; the SDK's own limit of 2000 would fold some into an overflow series. */
const CARDINALITY_LIMIT = 1_000_000;

/** The telemetry of one host and probe: a resource, so a logger and a tracer of their own. */
interface ProbeTelemetry {
  logs: LoggerProvider;
  logger: Logger;
  traces: BasicTracerProvider;
  tracer: Tracer;
}

export class OtlpExport {
  private readonly probes = new Map<string, ProbeTelemetry>();
  private readonly hosts = new Map<string, { meters: MeterProvider; dispatch: MetricsDispatch }>();
  private readonly tallies = { logs: new ExportTally(), traces: new ExportTally(), metrics: new ExportTally() };
  private records = 0;
  private spans = 0;

  constructor(
    private readonly exporters: OtlpExporters,
    private readonly settings: OtlpSettings,
  ) {}

  observe(event: ProbeEvent): void {
    const telemetry = this.telemetryOf(event.host, event.probe);
    telemetry.logger.emit(logRecordOf(event));
    this.records++;
    const span = spanOf(event);
    if (span !== undefined) {
      telemetry.tracer.startSpan(span.name, { startTime: span.start, attributes: span.attributes }).end(span.end);
      this.spans++;
    }
    this.metricsOf(event.host).observe(event);
  }

  /** Resolves at once, or once a flush has sent what was waiting when too much is. */
  async room(): Promise<void> {
    const { logs, traces } = this.tallies;
    if (this.records + this.spans - (logs.sent + logs.failed + traces.sent + traces.failed) < MAX_OUTSTANDING) return;
    await Promise.all([...this.probes.values()].flatMap((t) => [t.logs.forceFlush(), t.traces.forceFlush()]));
  }

  /** Sends what is left (the last metrics too) and shuts the SDK down. */
  async close(): Promise<void> {
    await Promise.allSettled([
      ...[...this.probes.values()].flatMap((t) => [t.logs.shutdown(), t.traces.shutdown()]),
      ...[...this.hosts.values()].map((h) => h.meters.shutdown()),
    ]);
  }

  /** For the closing line: what was exported, or what could not be and why. */
  note(): string {
    const { logs, traces, metrics } = this.tallies;
    const where = this.settings.base?.href ?? 'the endpoints of the OTEL_EXPORTER_OTLP_* variables';
    if (this.records === 0) return 'OTLP: no events to export';
    const unsent = [
      this.records - logs.sent > 0 ? `${this.records - logs.sent} of ${plural(this.records, 'log record')}` : undefined,
      this.spans - traces.sent > 0 ? `${this.spans - traces.sent} of ${plural(this.spans, 'span')}` : undefined,
      metrics.failed > 0 || (this.hosts.size > 0 && metrics.sent === 0) ? 'the metrics' : undefined,
    ].filter((part) => part !== undefined);
    if (unsent.length === 0) return `OTLP: ${plural(this.records, 'log record')}, ${plural(this.spans, 'span')} and the metrics exported to ${where}`;
    const problem = logs.problem ?? traces.problem ?? metrics.problem;
    return `OTLP: ${unsent.join(', ')} could not be exported to ${where}${problem === undefined ? '' : ` (${problem})`}`;
  }

  private telemetryOf(host: string, probe: string): ProbeTelemetry {
    const key = `${host}\u0000${probe}`;
    let telemetry = this.probes.get(key);
    if (telemetry === undefined) {
      const resource = resourceOf(host, probe);
      const logs = new LoggerProvider({
        resource,
        processors: [new BatchLogRecordProcessor({ exporter: countedExporter(this.exporters.logs(), this.tallies.logs) })],
      });
      const traces = new BasicTracerProvider({
        resource,
        spanProcessors: [new BatchSpanProcessor(countedExporter(this.exporters.traces(), this.tallies.traces))],
      });
      telemetry = { logs, logger: logs.getLogger(SCOPE), traces, tracer: traces.getTracer(SCOPE) };
      this.probes.set(key, telemetry);
    }
    return telemetry;
  }

  /** The metrics of a host: every probe's series, labelled by probe as in the Prometheus exposition, under the host's resource. */
  private metricsOf(host: string): MetricsDispatch {
    let metrics = this.hosts.get(host);
    if (metrics === undefined) {
      const interval = this.settings.metricIntervalMs;
      const reader = new PeriodicExportingMetricReader({
        exporter: countedMetricExporter(this.exporters.metrics(), this.tallies.metrics),
        exportIntervalMillis: interval,
        exportTimeoutMillis: Math.min(30_000, interval),
        cardinalityLimits: { default: CARDINALITY_LIMIT },
      });
      const meters = new MeterProvider({ resource: resourceOf(host), readers: [reader] });
      metrics = { meters, dispatch: new MetricsDispatch(meterSeries(meters.getMeter(SCOPE))) };
      this.hosts.set(host, metrics);
    }
    return metrics.dispatch;
  }
}

/** Loads the SDK (only now: other commands never pay for it) and says where the events go on stderr. */
export async function startOtlpExport(settings: OtlpSettings, stderr: NodeJS.WritableStream = process.stderr): Promise<OtlpExport> {
  const exporters = await loadExporters(settings);
  const { logs, metrics, traces } = settings.protocols;
  const protocol = logs === metrics && metrics === traces ? logs : `logs ${logs}, metrics ${metrics}, traces ${traces}`;
  stderr.write(`probectl: exporting events over OTLP (${protocol}) to ${settings.base?.href ?? 'the endpoints of the OTEL_EXPORTER_OTLP_* variables'}\n`);
  return new OtlpExport(exporters, settings);
}
