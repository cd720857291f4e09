// The conditions an assertion puts on events (`where: {reason: NETFILTER_DROP}`), checked against the type's schema.
import type { EventType, ProbeEvent } from '../events/index.js';
import { fieldNames, fieldSchema } from './fields.js';
import { wording } from './wording.js';
import { fill, UNSET, type Parameters } from './parameters.js';
import type { WhereDocument } from './schema.js';
import type { Path, RunbookSource } from './source.js';

type Scalar = string | number | boolean;

export interface Condition {
  field: string;
  /** The event matches when its field equals any of these (none of them, with negate). */
  values: Scalar[];
  negate: boolean;
}

/** An event matches when it has every field named and each condition holds; a missing field never matches. */
export function matches(event: ProbeEvent, conditions: readonly Condition[]): boolean {
  const e = event as unknown as Record<string, unknown>;
  for (const c of conditions) {
    const value = e[c.field];
    if (value === undefined) return false;
    if (c.values.includes(value as Scalar) === c.negate) return false;
  }
  return true;
}

/** The conditions of a `where`, parameters filled in; each field must exist on the type and each value fit it. */
export function conditions(source: RunbookSource, parameters: Parameters, type: EventType, where: WhereDocument | undefined, path: Path): Condition[] {
  const out: Condition[] = [];
  for (const [field, raw] of Object.entries(where ?? {})) {
    const schema = fieldSchema(type, field);
    if (schema === undefined)
      throw source.error(path, `is not a field of ${type} that can be selected on (its fields: ${fieldNames(type).join(', ')})`, undefined, field);
    const negate = typeof raw === 'object' && !Array.isArray(raw);
    const listed = negate ? raw.not : raw;
    const valuePath = negate ? [...path, field, 'not'] : [...path, field];
    const values: Scalar[] = [];
    for (const [i, v] of (Array.isArray(listed) ? listed : [listed]).entries()) {
      const at = Array.isArray(listed) ? [...valuePath, i] : valuePath;
      const filled = fill(source, parameters, v, at);
      if (filled === UNSET) continue;
      const checked = schema.safeParse(filled, { error: wording });
      if (!checked.success) throw source.error(at, `cannot be a ${type} ${field}: ${checked.error.issues[0]?.message ?? 'wrong type'}`);
      values.push(filled);
    }
    if (values.length > 0) out.push({ field, values, negate });
  }
  return out;
}

/** `reason = NETFILTER_DROP, errno ≠ 0` */
export function describeConditions(conditions: readonly Condition[]): string {
  return conditions.map((c) => `${c.field} ${c.negate ? '≠' : '='} ${c.values.join(' | ')}`).join(', ');
}
