// An event as an OTLP log record: its type as the event name, its ts as the time, every other field but host and probe (the resource's) as an attribute.
import type { AnyValueMap, LogRecord } from '@opentelemetry/api-logs';
import type { ProbeEvent } from '../events/index.js';

/** Arrays and nested objects (source, bpftrace maps) stay arrays and maps: OTLP log attributes hold any JSON value. */
export function logRecordOf(event: ProbeEvent): LogRecord {
  const { type, ts, host: _host, probe: _probe, ...fields } = event;
  return { eventName: type, timestamp: ts, attributes: fields as AnyValueMap };
}
