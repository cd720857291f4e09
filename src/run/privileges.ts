// Refuses to start probes without the privileges to load BPF programs, before anything is spawned.
import { ProbectlError } from '../core/errors.js';
import type { HostFacts } from '../host/facts.js';

/** Either lets a process load and attach tracing programs. */
const ENOUGH = ['CAP_BPF', 'CAP_SYS_ADMIN'];

export function checkPrivileges(facts: Pick<HostFacts, 'root' | 'capabilities'>): void {
  if (facts.root || facts.capabilities.some((c) => ENOUGH.includes(c))) return;
  throw new ProbectlError(
    'PRIVILEGES',
    'probectl run needs root (or CAP_BPF / CAP_SYS_ADMIN) to load BPF programs, and this process has neither; nothing was started.',
    'Run it with sudo: sudo probectl run ...',
  );
}
