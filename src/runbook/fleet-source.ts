// A runbook's probes on every host over SSH (the fleet run): each host's preflight and plans on its own facts, one stream ordered by time.
import { ProbectlError } from '../core/errors.js';
import { FleetRun } from '../fleet/fleet-run.js';
import type { SshSettings } from '../fleet/ssh-options.js';
import type { HostTarget } from '../fleet/targets.js';
import { planProbes } from '../run/resolve.js';
import type { Runbook } from './model.js';
import { preflight } from './preflight.js';
import type { PreflightResult } from './result.js';

export interface RunbookHosts {
  targets: readonly HostTarget[];
  ssh: SshSettings;
  /** At most this many connections being set up at once. */
  parallel: number;
  /** Hosts not ready this long after the start are stragglers: reported failed, not waited for. */
  readyTimeoutMs: number;
  /** The runbook as filled in for a host (its inventory labels may give parameters); default: the one runbook. */
  runbookFor?(host: string): Runbook;
}

export interface FleetSourceOptions {
  durationS: number;
  signal?: AbortSignal;
  kill?: AbortSignal;
}

/**
 * The fleet run of the runbook's probes: a host whose preflight fails is failed (no-backend) with the check that
 * failed, and the others go on; `checks` gathers every host's preflight as each is measured.
 */
export function fleetSource(runbook: Runbook, hosts: RunbookHosts, options: FleetSourceOptions): { fleet: FleetRun; checks: PreflightResult[] } {
  const checks: PreflightResult[] = [];
  const fleet = new FleetRun(
    runbook.probes.map((p) => p.probe),
    {
      targets: hosts.targets,
      ssh: hosts.ssh,
      parallel: hosts.parallel,
      readyTimeoutMs: hosts.readyTimeoutMs,
      durationMs: options.durationS * 1000,
      signal: options.signal,
      kill: options.kill,
      validate: true,
      plan: (target, facts) => {
        const own = hosts.runbookFor?.(target.name) ?? runbook;
        const results = preflight(own, facts).map((c): PreflightResult => ({ host: target.name, ...c }));
        checks.push(...results);
        const failed = results.filter((c) => !c.ok);
        if (failed.length > 0)
          throw new ProbectlError(
            'RUNBOOK',
            `preflight failed (${failed.map((c) => c.check).join(', ')}), nothing was started there; ${failed[0]!.check}: ${failed[0]!.detail}.`,
            failed[0]!.remedy ?? "'probectl fleet doctor' says what works on each host.",
          );
        return own.probes.flatMap((p) => planProbes([p.probe], p.backend, p.filters, facts, undefined, p.settings, {}));
      },
    },
  );
  return { fleet, checks };
}
