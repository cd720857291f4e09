// Probe names to plans for this host: each probe's definition, the chosen backend, the filters.
import { ProbectlError } from '../core/errors.js';
import type { HostFacts } from '../host/facts.js';
import { planProbe, type BackendChoice, type ProbeDefinition } from '../plan/catalog.js';
import type { Filters } from '../plan/filters.js';
import type { PlanContext, ProbePlan, ProbeSettings } from '../plan/plan.js';
import { probeDefinitions } from '../probes/probe-list.js';

export function findProbe(name: string, definitions: readonly ProbeDefinition[] = probeDefinitions): ProbeDefinition {
  const found = definitions.find((d) => d.name === name);
  if (found === undefined) throw new ProbectlError('USAGE', `there is no probe "${name}".`, `Use one of: ${definitions.map((d) => d.name).join(', ')}.`);
  return found;
}

export function planProbes(
  names: readonly string[],
  backend: BackendChoice,
  filters: Filters,
  facts: HostFacts,
  definitions: readonly ProbeDefinition[] = probeDefinitions,
  settings: ProbeSettings = {},
  context: PlanContext = {},
): ProbePlan[] {
  const found = names.map((name) => findProbe(name, definitions)); // every name checked before any planning
  return found.map((definition) => planProbe(definition, backend, filters, facts, settings, context));
}
