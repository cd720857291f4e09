// The verdict as an error for the CLI's exit code: none when every assertion held, BREACHED (1), or RUNBOOK (2) when a probe failed.
import { ProbectlError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import type { RunbookResult } from './result.js';

/** A failed probe outweighs a breach: what it did not observe could have changed any verdict. */
export function outcomeError(result: RunbookResult): ProbectlError | undefined {
  const { name } = result.runbook;
  if (result.failed_probes.length > 0)
    return new ProbectlError(
      'RUNBOOK',
      `runbook ${name} could not observe what it asks: ${result.failed_probes.join('; ')}`,
      "The probe's message says why; 'probectl doctor' tells what works on this host.",
    );
  if (result.breached > 0)
    return new ProbectlError(
      'BREACHED',
      `runbook ${name}: ${result.breached} of ${plural(result.assertions.length, 'assertion')} breached.`,
      'The evidence above names the keys, flows and events behind each.',
    );
  return undefined;
}
