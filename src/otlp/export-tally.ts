// What each signal's exporters sent and failed to send, counted around the SDK's exporters for the closing line.
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

type ExportResult = Parameters<Parameters<LogRecordExporter['export']>[1]>[0];
/** ExportResultCode.SUCCESS of the SDK. */
const SUCCESS = 0;

export class ExportTally {
  /** Items (log records, spans) or, for metrics, exports that the receiver took. */
  sent = 0;
  failed = 0;
  /** The first reason an export failed, as the SDK gave it. */
  problem: string | undefined;

  record(result: ExportResult, items: number): void {
    if (result.code === SUCCESS) {
      this.sent += items;
      return;
    }
    this.failed += items;
    this.problem ??= reasonOf(result.error);
  }
}

function reasonOf(error: Error | undefined): string {
  if (error === undefined) return 'the export failed';
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause === undefined ? error.message : `${error.message} (${cause})`;
}

/** The log or span exporter, each export counted in tally. */
export function countedExporter<E extends LogRecordExporter | SpanExporter>(exporter: E, tally: ExportTally): E {
  const counted = Object.create(exporter) as E;
  counted.export = ((items: unknown[], done: (result: ExportResult) => void) =>
    exporter.export(items as never, (result) => {
      tally.record(result, items.length);
      done(result);
    })) as E['export'];
  return counted;
}

/** The metric exporter, each export (every series of one collection) counted as one in tally. */
export function countedMetricExporter(exporter: PushMetricExporter, tally: ExportTally): PushMetricExporter {
  const counted = Object.create(exporter) as PushMetricExporter;
  counted.export = (metrics, done) =>
    exporter.export(metrics, (result) => {
      tally.record(result, 1);
      done(result);
    });
  return counted;
}
