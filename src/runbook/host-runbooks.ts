// A runbook over hosts: an inventory label named like a parameter gives that host its own value, over --set and the default.
import { ProbectlError } from '../core/errors.js';
import type { HostTarget } from '../fleet/targets.js';
import { runbookFromSource } from './load.js';
import type { Runbook } from './model.js';
import type { RunbookSource } from './source.js';

/**
 * Each host's runbook: the one runbook, or for a host whose labels name parameters, the runbook filled in again with
 * them, checked the same way before anything runs. An assertion without `per: host` is over every host's events
 * together, so it must read the same on every host.
 */
export function hostRunbooks(source: RunbookSource, sets: ReadonlyMap<string, string>, targets: readonly HostTarget[]): (host: string) => Runbook {
  const runbook = runbookFromSource(source, sets);
  const declared = Object.keys(runbook.parameters);
  const byHost = new Map<string, Runbook>();
  for (const target of targets) {
    const labels = Object.entries(target.labels ?? {}).filter(([k]) => declared.includes(k));
    if (labels.length === 0) continue;
    let own: Runbook;
    try {
      own = runbookFromSource(source, new Map([...sets, ...labels]));
    } catch (error) {
      if (!(error instanceof ProbectlError)) throw error;
      throw new ProbectlError(
        error.code,
        `host ${target.name}, whose labels give ${labels.map(([k, v]) => `${k}=${v}`).join(', ')}: ${error.message}`,
        error.suggestion,
        {
          cause: error,
        },
      );
    }
    for (const [i, spec] of own.assertions.entries())
      if (spec.per !== 'host' && JSON.stringify(spec) !== JSON.stringify(runbook.assertions[i]))
        throw new ProbectlError(
          'USAGE',
          `${source.file}: the assertion "${spec.name}" reads differently on ${target.name}, whose labels give ${labels.map(([k, v]) => `${k}=${v}`).join(', ')}, and it is checked over all hosts together.`,
          'Give the assertion per: host, or give the parameter one value for every host (--set).',
        );
    byHost.set(target.name, own);
  }
  return (host) => byHost.get(host) ?? runbook;
}
