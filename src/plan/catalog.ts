// The probes `probectl run` knows, their backends, and how `auto` picks one on this host.
import { ProbectlError } from '../core/errors.js';
import type { HostFacts } from '../host/facts.js';
import { givenFilters, type FilterName, type Filters } from './filters.js';
import type { PlanContext, ProbePlan, ProbeSettings, Unavailable } from './plan.js';
import { checkOptionsOf, type ProbeOptions } from './probe-options.js';
import { refuseUnsupported } from './unsupported-filter.js';

export type BackendName = ProbePlan['backend'];
export const backendChoices = ['auto', 'bpftrace', 'bcc', 'libbpf'] as const;
export type BackendChoice = (typeof backendChoices)[number];

export interface BackendDefinition {
  backend: BackendName;
  /** The program it runs, as users know it: "probectl's <probe>.bt", "<tool>-bpfcc", "libbpf-tools <tool>". */
  tool: string;
  /** The filters it can honour; planProbe refuses any other with UNSUPPORTED_FILTER before plan() is called. */
  filters: readonly FilterName[];
  /** Why this backend cannot run the probe on this host; undefined when it can. */
  unavailable(facts: HostFacts): Unavailable | undefined;
  /**
   * Why its numbers cannot be trusted here although it runs (a BCC tool reading kernel structs
   * through headers of another kernel); undefined when they can. `auto` never picks such a backend.
   */
  untrusted?(facts: HostFacts): string | undefined;
  /** The plan for these filters, which planProbe has already checked against `filters`. */
  plan(filters: Filters, facts: HostFacts, settings: ProbeSettings, context?: PlanContext): ProbePlan;
}

export interface ProbeDefinition {
  name: string;
  /** One line for `probectl list`. */
  description: string;
  /** In the order `auto` prefers them. */
  backends: BackendDefinition[];
  /** Why no backend can honour a filter, for the error that refuses it (a retransmit has no owning pid). */
  filterNotes?: Partial<Record<FilterName, string>>;
  /** Options of this probe alone, beside the filters (an interface to count on, an interval). */
  options?: ProbeOptions;
}

export interface BackendStatus {
  backend: BackendName;
  available: boolean;
  /** Why not available, or why not trusted. */
  reason?: string;
  remedy?: string;
  trusted: boolean;
}

export function backendStatuses(probe: ProbeDefinition, facts: HostFacts): BackendStatus[] {
  return probe.backends.map((b) => {
    const missing = b.unavailable(facts);
    if (missing !== undefined) return { backend: b.backend, available: false, reason: missing.reason, remedy: missing.remedy, trusted: false };
    const distrust = b.untrusted?.(facts);
    return distrust === undefined
      ? { backend: b.backend, available: true, trusted: true }
      : { backend: b.backend, available: true, trusted: false, reason: distrust };
  });
}

const runsTruthfully = (b: BackendDefinition, facts: HostFacts): boolean => b.unavailable(facts) === undefined && b.untrusted?.(facts) === undefined;

/** The backend `auto` picks: the first that runs here, whose numbers can be trusted, and that honours every filter given. */
export function autoBackend(probe: ProbeDefinition, facts: HostFacts, filters: Filters = {}): BackendDefinition | undefined {
  const given = givenFilters(filters);
  return probe.backends.find((b) => runsTruthfully(b, facts) && given.every((f) => b.filters.includes(f)));
}

/** The plan for one probe: the named backend, or auto's choice; a clear error when none fits. */
export function planProbe(
  probe: ProbeDefinition,
  choice: BackendChoice,
  filters: Filters,
  facts: HostFacts,
  options: ProbeSettings = {},
  context: PlanContext = {},
): ProbePlan {
  // The probe's own options, checked here too so that no plan is made from unchecked ones.
  const settings =
    probe.options === undefined
      ? options
      : { ...options, [probe.name]: checkOptionsOf(probe.name, probe.options, (options[probe.name] ?? {}) as Record<string, unknown>) };
  const given = givenFilters(filters);
  if (choice === 'auto') {
    const chosen = autoBackend(probe, facts, filters);
    if (chosen === undefined) {
      // Something runs here, but not with these filters: say which filter and who could.
      const running = probe.backends.find((b) => runsTruthfully(b, facts));
      if (running !== undefined) refuseUnsupported(probe, running, given);
      const statuses = backendStatuses(probe, facts);
      const why = statuses.map((s) => `${s.backend}: ${s.reason}`).join('; ');
      const remedies = statuses.filter((s) => s.remedy !== undefined).map((s) => `${s.backend}: ${s.remedy}`);
      throw new ProbectlError(
        'NO_BACKEND',
        `no backend can run ${probe.name} truthfully here (${why}).`,
        remedies.length > 0 ? `To fix: ${remedies.join('; ')}. 'probectl doctor' says more.` : `Run 'probectl doctor' for remedies.`,
      );
    }
    return chosen.plan(filters, facts, settings, context);
  }
  const backend = probe.backends.find((b) => b.backend === choice);
  if (backend === undefined)
    throw new ProbectlError('NO_BACKEND', `${probe.name} has no ${choice} backend.`, `Use one of: auto, ${probe.backends.map((b) => b.backend).join(', ')}.`);
  refuseUnsupported(probe, backend, given);
  const missing = backend.unavailable(facts);
  if (missing !== undefined)
    throw new ProbectlError(
      'NO_BACKEND',
      `${probe.name} cannot run on ${choice} here: ${missing.reason}`,
      missing.remedy ?? `Run 'probectl doctor', or try --backend auto.`,
    );
  return backend.plan(filters, facts, settings, context);
}
