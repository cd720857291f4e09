// Refuses to start probes without the privileges to load BPF programs, before anything is spawned, saying so first and in one line.
import { ProbectlError } from '../core/errors.js';
import type { HostFacts } from '../host/facts.js';

/** Either lets a process load and attach tracing programs. */
const ENOUGH = ['CAP_BPF', 'CAP_SYS_ADMIN'];

type Privileges = Pick<HostFacts, 'root' | 'capabilities'>;

export const privileged = (facts: Privileges): boolean => facts.root || facts.capabilities.some((c) => ENOUGH.includes(c));

/** "<probe> needs root", "<probe> and <probe> need root", or "probectl run needs root" when the probes are not named. */
function needsRoot(probes: readonly string[], cause?: unknown): ProbectlError {
  const who =
    probes.length === 0
      ? 'probectl run needs root: run it with sudo.'
      : probes.length === 1
        ? `${probes[0]} needs root: run it with sudo.`
        : `${probes.slice(0, -1).join(', ')} and ${probes.at(-1)} need root: run them with sudo.`;
  return new ProbectlError(
    'PRIVILEGES',
    who,
    "Without root (or CAP_BPF / CAP_SYS_ADMIN) no BPF program loads, so no backend was tried and nothing was started; 'sudo probectl doctor' shows what runs here.",
    { cause },
  );
}

export function checkPrivileges(facts: Privileges, probes: readonly string[] = []): void {
  if (!privileged(facts)) throw needsRoot(probes);
}

/**
 * The plans `plan` makes; when it finds no backend for a user without the privileges, that is the one thing said:
 * measured without root, every backend looks unavailable, and the list of why would bury the reason.
 */
export function planWithPrivileges<T>(plan: () => T, facts: Privileges, probes: readonly string[]): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof ProbectlError && error.code === 'NO_BACKEND' && !privileged(facts)) throw needsRoot(probes, error);
    throw error;
  }
}
