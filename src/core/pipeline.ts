// The pipeline that checks events against their schemas when asked: UncheckedPipeline with the schemas, the tool.* and probe.* types always known.
import type { z } from 'zod';
import { coreEventSchemas, type EventType } from '../events/index.js';
import { type EventCheck, UncheckedPipeline, type UncheckedPipelineOptions } from './unchecked-pipeline.js';

export interface PipelineOptions extends UncheckedPipelineOptions {
  /** Checks every event against its schema; a failing event becomes an error diagnostic. */
  validate?: boolean;
  /** The schemas of the parser's event types, for validate (the tool.* and probe.* types are known here). */
  schemas?: Readonly<Partial<Record<EventType, z.ZodObject>>>;
}

export class Pipeline extends UncheckedPipeline {
  constructor(options: PipelineOptions) {
    super(options, options.validate ? schemaCheck(options.schemas ?? {}) : undefined);
  }
}

const ENVELOPE_KEYS = { ts: true, probe: true, source: true, host: true, seq: true } as const;

/** Each body against its type's schema without the envelope, made on the first event checked. */
function schemaCheck(schemas: Readonly<Partial<Record<EventType, z.ZodObject>>>): EventCheck {
  let bodies: Map<string, z.ZodObject> | undefined;
  return (type, body) => {
    bodies ??= bodySchemas(schemas);
    const result = bodies.get(type)?.safeParse(body);
    if (result === undefined) return `no schema for ${type}`;
    return result.success ? undefined : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
}

/** Per type, the schema of what a parser produces: the event without its envelope. */
function bodySchemas(schemas: Readonly<Partial<Record<EventType, z.ZodObject>>>): Map<string, z.ZodObject> {
  const all: Record<string, z.ZodObject | undefined> = { ...coreEventSchemas, ...schemas };
  return new Map(Object.entries(all).flatMap(([t, schema]) => (schema === undefined ? [] : [[t, schema.omit({ type: true, ...ENVELOPE_KEYS })]])));
}
