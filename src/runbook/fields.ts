// The fields of each event type as its schema defines them: which exist, which hold numbers, which name a connection.
import type * as z from '../events/zod.js';
import type { EventType, ProbeEvent } from '../events/index.js';
import { eventSchemas, eventTraits } from '../probes/registry.js';
import { ownerFromFlow } from '../summary/flow-sources.js';
import { flowText } from '../tally/flow-text.js';

/** Envelope fields an assertion cannot select on (probe can: it names the probe that saw the event). */
const ENVELOPE = new Set(['type', 'ts', 'source', 'host', 'seq']);

type Def = { type: string; innerType?: z.ZodMiniType; options?: z.ZodMiniType[]; values?: unknown[]; entries?: Record<string, unknown> };
const defOf = (schema: z.ZodMiniType): Def => (schema as unknown as { def: Def }).def;

function unwrap(schema: z.ZodMiniType): z.ZodMiniType {
  let s = schema;
  while (defOf(s).innerType !== undefined && ['optional', 'default', 'nullable'].includes(defOf(s).type)) s = defOf(s).innerType!;
  return s;
}

/** The schema of a selectable single-valued field of the type, or undefined (no such field, or a list or object). */
export function fieldSchema(type: EventType, field: string): z.ZodMiniType | undefined {
  if (ENVELOPE.has(field)) return undefined;
  const schema = (eventSchemas[type].shape as Record<string, z.ZodMiniType>)[field];
  if (schema === undefined) return undefined;
  const kind = defOf(unwrap(schema)).type;
  return kind === 'array' || kind === 'object' || kind === 'record' ? undefined : unwrap(schema);
}

/** The fields selectable on a type, for messages. */
export function fieldNames(type: EventType): string[] {
  return Object.keys(eventSchemas[type].shape).filter((f) => fieldSchema(type, f) !== undefined);
}

/** True for a field whose values are numbers (a sum or a share can add it up). */
export function isNumeric(schema: z.ZodMiniType): boolean {
  const def = defOf(schema);
  if (def.type === 'number') return true;
  if (def.type === 'literal') return (def.values ?? []).every((v) => typeof v === 'number');
  if (def.type === 'union') return (def.options ?? []).every((o) => isNumeric(o));
  return false;
}

export const hasFlow = (type: EventType): boolean => eventTraits[type]?.flow !== undefined;

/** `10.201.0.1:33168 → 10.201.0.2:5001`, or undefined for a type without a connection. */
export function flowOf(event: ProbeEvent): string | undefined {
  // The connection's fields, local (or source) end first, as the type's module declares them.
  const fields = eventTraits[event.type]?.flow;
  if (fields === undefined) return undefined;
  const e = event as unknown as Record<string, string | number>;
  const [a, ap, b, bp] = fields.map((f) => e[f]);
  return flowText({ laddr: String(a), lport: Number(ap), raddr: String(b), rport: Number(bp) });
}

/**
 * Types whose pid is not the connection's owner (the task on the CPU, often 0, or none printed): an assertion counting
 * them by pid or comm takes the owner from the flow view's row of the connection (its session's process). Their probe
 * modules say so in their summary part's `flows`.
 */
export const OWNER_FROM_FLOW: ReadonlySet<EventType> = new Set(ownerFromFlow.keys());
