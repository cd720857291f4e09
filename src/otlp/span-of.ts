// The span of an event that says how long something lasted (its type's duration trait): it ends at the event's ts and started that long before.
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import type { ProbeEvent } from '../events/index.js';
import { eventTraits } from '../probes/registry.js';

export interface EventSpan {
  name: string;
  /** Seconds and nanoseconds since the epoch, exact to the nanosecond the duration gives (a float of milliseconds since the epoch is not). */
  start: HrTime;
  end: HrTime;
  attributes: Attributes;
}

/** The span of event, or undefined when its type has no duration or this event does not carry one. */
export function spanOf(event: ProbeEvent): EventSpan | undefined {
  const field = eventTraits[event.type]?.duration;
  if (field === undefined) return undefined;
  const durationMs = (event as unknown as Record<string, unknown>)[field];
  if (typeof durationMs !== 'number') return undefined;
  const { type, ts, host: _host, probe: _probe, ...fields } = event;
  const endNs = BigInt(ts) * NS_PER_MS;
  return { name: type, start: hrTime(endNs - BigInt(Math.round(durationMs * 1e6))), end: hrTime(endNs), attributes: spanAttributes(fields) };
}

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

function hrTime(ns: bigint): HrTime {
  return [Number(ns / NS_PER_S), Number(ns % NS_PER_S)];
}

/** Span attributes hold scalars and arrays of one scalar type only: a nested object's fields become dotted names (source.tool). */
function spanAttributes(fields: Record<string, unknown>, prefix = '', into: Attributes = {}): Attributes {
  for (const [key, value] of Object.entries(fields)) {
    const name = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) spanAttributes(value as Record<string, unknown>, `${name}.`, into);
    else if (isAttributeValue(value)) into[name] = value;
    else into[name] = JSON.stringify(value); // a mixed or nested array, which span attributes cannot hold
  }
  return into;
}

function isAttributeValue(value: unknown): value is AttributeValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  if (!Array.isArray(value) || value.length === 0) return Array.isArray(value);
  const kind = typeof value[0];
  return (kind === 'string' || kind === 'number' || kind === 'boolean') && value.every((item) => typeof item === kind);
}
