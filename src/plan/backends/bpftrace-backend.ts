// The bpftrace backend of a probe: probectl's own program, its tracepoint variant where tracepoints work, else its kprobe variant.
import { PROBECTL_LAYOUT } from '../../core/probectl-layout.js';
import type { HostFacts } from '../../host/facts.js';
import type { BackendDefinition } from '../catalog.js';
import type { FilterName, Filters } from '../filters.js';
import { bpftraceProgram } from '../bpftrace-program.js';
import { readScript, scriptName, type ScriptVariant } from '../bpftrace-scripts.js';
import { slotFilters } from '../bpftrace-filter-slots.js';
import type { PlanContext, ProbePlan, Unavailable, ParserName } from '../plan.js';
import { LOSS_FLUSH_PROBE } from '../ring-loss-flush.js';
import { ringPagesEnv } from '../ring-pages.js';
import type { Tracefs } from '../tracefs.js';

export interface BpftraceBackendSpec {
  /** The probe and its script's name in scripts-bt/ ("<probe>"). */
  name: string;
  /** The tool parser that reads the output. */
  parser: ParserName;
  /** The tracepoints the tracepoint variant cannot do without ("sock/inet_sock_set_state"). */
  tracepoints: readonly string[];
  /** The tracepoint variant reads kernel structs (through BTF). Every kprobe variant does. */
  tracepointNeedsBtf: boolean;
  /** Optional probes that read kernel structs through BTF: left out where there is none (a syscall's newer variant). */
  btfProbes?: readonly string[];
  /** Why the tracepoint variant cannot run although its tracepoints exist (a field it reads is missing). */
  tracepointBlocker?(tracefs: Tracefs): string | undefined;
  /** Adapts the tracepoint variant's script to this kernel's tracepoint fields (a field older kernels lack). */
  adapt?(script: string, tracefs: Tracefs): string;
  /** Extra program input read from the kernel at plan time (a tracepoint's enum names). */
  reasons?(tracefs: Tracefs): ReadonlyMap<number, string> | undefined;
  env?: Record<string, string>;
  /**
   * What the program sends through bpftrace's perf ring buffers: a line per kernel event ('events'), whose bursts the
   * buffers are sized to hold (ring-pages.ts) and whose losses a probe of its own brings out (ring-loss-flush.ts), or a
   * summary now and then from its maps ('summaries'), which bpftrace's own size holds.
   */
  output: 'events' | 'summaries';
  tracefs: Tracefs;
}

type Choice = { variant: ScriptVariant } | { unavailable: Unavailable };

function choose(spec: BpftraceBackendSpec, facts: HostFacts): Choice {
  if (!facts.bpftrace.check.ok)
    return {
      unavailable: {
        reason: `bpftrace cannot run here: ${facts.bpftrace.check.detail}`,
        ...(facts.bpftrace.check.remedy && { remedy: facts.bpftrace.check.remedy }),
      },
    };
  const btf = facts.btf.ok ? undefined : `no kernel BTF (${facts.btf.detail}), and the program reads kernel structs through it`;
  const { tracepoint, kprobe } = facts.attach;
  const missing = spec.tracepoints.filter((tp) => !spec.tracefs.has(tp));
  const tracepointWhy = !tracepoint.ok
    ? `tracepoints do not attach (${tracepoint.detail})`
    : missing.length > 0
      ? `this kernel has no tracepoint ${missing.join(', ')}`
      : ((spec.tracepointNeedsBtf ? btf : undefined) ?? spec.tracepointBlocker?.(spec.tracefs));
  if (tracepointWhy === undefined) return { variant: 'tracepoint' };
  const kprobeWhy = !kprobe.ok ? `kprobes do not attach (${kprobe.detail})` : btf;
  if (kprobeWhy === undefined) return { variant: 'kprobe' };
  const remedy = [tracepoint.remedy, kprobe.remedy, facts.btf.ok ? undefined : facts.btf.remedy].filter(Boolean).join('; ');
  return {
    unavailable: {
      reason: `${scriptName(spec.name, 'tracepoint')}: ${tracepointWhy}; ${scriptName(spec.name, 'kprobe')}: ${kprobeWhy}`,
      ...(remedy && { remedy }),
    },
  };
}

/** Whether an optional probe can go in: its tracepoint exists, and BTF is there if it needs it. */
function hasProbe(spec: BpftraceBackendSpec, facts: HostFacts, probe: string): boolean {
  if (spec.btfProbes?.includes(probe) && !facts.btf.ok) return false;
  return !probe.startsWith('tracepoint:') || spec.tracefs.has(probe.slice('tracepoint:'.length).replace(':', '/'));
}

export function bpftraceBackend(spec: BpftraceBackendSpec): BackendDefinition {
  let filters: FilterName[] | undefined;
  return {
    backend: 'bpftrace',
    tool: `probectl's ${spec.name}.bt`,
    // The script's own probectl:filter lines say which filters it takes (both variants take the same ones).
    get filters() {
      return (filters ??= [...slotFilters(readScript(spec.name, 'tracepoint'))]);
    },
    unavailable(facts) {
      const choice = choose(spec, facts);
      return 'unavailable' in choice ? choice.unavailable : undefined;
    },
    plan(given: Filters, facts: HostFacts, _settings, context: PlanContext = {}): ProbePlan {
      const choice = choose(spec, facts);
      if ('unavailable' in choice) throw new Error(`planned ${spec.name} on bpftrace although it is unavailable: ${choice.unavailable.reason}`);
      const { variant } = choice;
      const script = readScript(spec.name, variant);
      const program = bpftraceProgram(variant === 'tracepoint' && spec.adapt ? spec.adapt(script, spec.tracefs) : script, {
        source: scriptName(spec.name, variant),
        filters: given,
        features: facts.bpftrace.features,
        hasProbe: (probe) => hasProbe(spec, facts, probe),
        selfPid: context.selfPid,
        ...(variant === 'tracepoint' && spec.reasons !== undefined && { reasons: spec.reasons(spec.tracefs) }),
      }).concat(spec.output === 'events' ? LOSS_FLUSH_PROBE : '');
      return {
        probe: spec.name,
        backend: 'bpftrace',
        argv: [facts.bpftrace.path ?? 'bpftrace', '-e', program],
        env: { ...spec.env, ...(spec.output === 'events' && ringPagesEnv(facts)) },
        script: program,
        parser: spec.parser,
        impl: 'bpftrace',
        layout: PROBECTL_LAYOUT,
        ready: new RegExp(`^PROBECTL ${spec.name} v1$`, 'm'),
        filters: given,
      };
    },
  };
}
