// Whether a kind of BPF program attaches here, as doctor found by loading one, phrased for a backend that needs it.
import type { HostFacts } from '../../host/facts.js';
import type { Unavailable } from '../plan.js';

export type AttachKind = 'tracepoint' | 'kprobe' | 'fentry';

const PLURAL: Record<AttachKind, string> = { tracepoint: 'tracepoints', kprobe: 'kprobes', fentry: 'fentry (kfunc) programs' };

/** Undefined when `kind` attaches here; else why not, with doctor's remedy. `because` says why the tool needs that kind. */
export function needsAttach(facts: HostFacts, kind: AttachKind, because: string): Unavailable | undefined {
  const check = facts.attach[kind];
  if (check.ok) return undefined;
  return { reason: `${because}, and ${PLURAL[kind]} do not attach here (${check.detail})`, ...(check.remedy && { remedy: check.remedy }) };
}
