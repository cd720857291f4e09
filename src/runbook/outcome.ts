// The verdict as an error for the CLI's exit code: none when every assertion held (on every host), BREACHED (1), PARTIAL (3) or RUNBOOK / NO_HOST (2).
import { ProbectlError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import type { RunbookResult } from './result.js';

const hostsWhy = "The hosts table says why each host did not run; 'probectl fleet doctor' shows what works on each host.";

/**
 * In order: no host ran (2); a probe failed (2: what it did not observe could have changed any verdict); an assertion
 * breached on the hosts that ran (1: a finding, whichever hosts are missing); some hosts did not run (3); else none.
 */
export function outcomeError(result: RunbookResult): ProbectlError | undefined {
  const { name } = result.runbook;
  const hosts = result.hosts;
  const notRun = hosts?.rows.filter((r) => !r.ran).map((r) => `${r.host} (${r.reason ?? r.state})`) ?? [];
  if (hosts !== undefined && hosts.ran === 0) return new ProbectlError('NO_HOST', `runbook ${name}: no host ran: ${notRun.join('; ')}`, hostsWhy);
  if (result.failed_probes.length > 0)
    return new ProbectlError(
      'RUNBOOK',
      `runbook ${name} could not observe what it asks: ${result.failed_probes.join('; ')}`,
      "The probe's message says why; 'probectl doctor' tells what works on this host.",
    );
  const partial = hosts !== undefined && hosts.ran < hosts.total ? ` on the ${hosts.ran} of ${plural(hosts.total, 'host')} that ran` : '';
  if (result.breached > 0)
    return new ProbectlError(
      'BREACHED',
      `runbook ${name}: ${result.breached} of ${plural(result.assertions.length, 'assertion')} breached${partial}.`,
      'The evidence above names the hosts, keys, flows and events behind each.',
    );
  if (partial !== '') return new ProbectlError('PARTIAL', `runbook ${name}: every assertion holds${partial}; not checked on ${notRun.join('; ')}.`, hostsWhy);
  return undefined;
}
