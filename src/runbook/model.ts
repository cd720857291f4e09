// A runbook ready to run: parameters filled in, filters and settings checked, assertions tied to event fields.
import type { EventType } from '../events/index.js';
import type { BackendChoice } from '../plan/catalog.js';
import type { Filters } from '../plan/filters.js';
import type { ProbeSettings } from '../plan/plan.js';
import type { ParameterValue } from './parameters.js';
import type { Comparison, Grouping, HostCheck, Measure, Section } from './schema.js';
import type { Condition } from './where.js';

export interface RunbookProbe {
  probe: string;
  backend: BackendChoice;
  filters: Filters;
  settings: ProbeSettings;
}

export type PreflightCheck = HostCheck | { probe: string; backend: BackendChoice };

export interface AssertionSpec {
  name: string;
  measure: Measure;
  type: EventType;
  where: Condition[];
  /** The numeric field a sum or share adds up (a share without one counts events). */
  field?: string;
  /** A share's total: the events of the type that match these (all of them when empty); `where` picks its part. */
  of?: Condition[];
  /** Split by these keys: fields of the type, `flow` (the connection), pid/comm (for TCP events: the connection's owner). */
  by?: string[];
  /** `host`: evaluated on each host's events apart, breached when any host breaches; unset: over every host's events together. */
  per?: Grouping;
  comparison: Comparison;
  threshold: number;
  severity: 'check' | 'alert';
  /** Printed for each breach; `${field}` names a key's field, `${value}`, `${threshold}`, or a parameter. */
  message?: string;
}

export interface Runbook {
  file: string;
  name: string;
  description?: string;
  parameters: Record<string, ParameterValue | null>;
  preflight: PreflightCheck[];
  probes: RunbookProbe[];
  durationS: number;
  assertions: AssertionSpec[];
  print: Section[];
}
