// The pipeline that checks events against their schemas when asked: UncheckedPipeline with the schemas, the tool.* and probe.* types always known.
import * as z from '../events/zod.js';
import { coreEventSchemas, type EventType } from '../events/index.js';
import { type EventCheck, UncheckedPipeline, type UncheckedPipelineOptions } from './unchecked-pipeline.js';

export interface PipelineOptions extends UncheckedPipelineOptions {
  /** Checks every event against its schema; a failing event becomes an error diagnostic. */
  validate?: boolean;
  /** The schemas of the parser's event types, for validate (the tool.* and probe.* types are known here). */
  schemas?: Readonly<Partial<Record<EventType, z.ZodMiniObject>>>;
}

export class Pipeline extends UncheckedPipeline {
  constructor(options: PipelineOptions) {
    super(options, options.validate ? schemaCheck(options.schemas ?? {}) : undefined);
  }
}

const ENVELOPE_KEYS = { ts: true, probe: true, source: true, host: true, seq: true } as const;

/** Each body against its type's schema without the envelope, made on the first event checked. */
function schemaCheck(schemas: Readonly<Partial<Record<EventType, z.ZodMiniObject>>>): EventCheck {
  let bodies: Map<string, z.ZodMiniObject> | undefined;
  return (type, body) => {
    bodies ??= bodySchemas(schemas);
    const result = bodies.get(type)?.safeParse(body);
    if (result === undefined) return `no schema for ${type}`;
    return result.success ? undefined : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
}

/** Per type, the schema of what a parser produces: the event without its envelope. */
function bodySchemas(schemas: Readonly<Partial<Record<EventType, z.ZodMiniObject>>>): Map<string, z.ZodMiniObject> {
  const all: Record<string, z.ZodMiniObject | undefined> = { ...coreEventSchemas, ...schemas };
  return new Map(Object.entries(all).flatMap(([t, schema]) => (schema === undefined ? [] : [[t, z.omit(schema, { type: true, ...ENVELOPE_KEYS })]])));
}
