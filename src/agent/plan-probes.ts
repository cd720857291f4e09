// The plans of the configuration's probes on this host, each with its own backend, filters and options; a probe that cannot run here is refused, naming it.
import { planRun, type RunOptions } from '../api/run.js';
import { ProbectlError } from '../core/errors.js';
import type { AgentConfig } from './config.js';
import type { PlannedProbe } from './supervisor.js';

export async function planAgentProbes(config: AgentConfig): Promise<{ probes: PlannedProbe[]; facts: NonNullable<RunOptions['facts']> }> {
  const probes: PlannedProbe[] = [];
  let facts: NonNullable<RunOptions['facts']> | undefined;
  for (const [i, p] of config.probes.entries()) {
    try {
      const planned = await planRun([p.probe], {
        backend: p.backend,
        filters: p.filters,
        settings: p.settings === undefined ? {} : { [p.probe]: p.settings },
        includeSelf: config.includeSelf,
        facts,
      });
      facts = planned.facts;
      probes.push({ probe: p.probe, fingerprint: p.fingerprint, plan: planned.plans[0]! });
    } catch (error) {
      if (!(error instanceof ProbectlError)) throw error;
      throw new ProbectlError(error.code, `${config.file}: probes[${i}] (${p.probe}): ${error.message}`, error.suggestion, { cause: error });
    }
  }
  return { probes, facts: facts! };
}
