// The libbpf backend of a probe: a stock libbpf-tools binary (CO-RE), line-buffered through stdbuf.
import type { HostFacts } from '../../host/facts.js';
import { installLibbpfTools } from '../../host/install-remedies.js';
import type { BackendDefinition } from '../catalog.js';
import type { FilterName } from '../filters.js';
import type { Unavailable, ParserName } from '../plan.js';
import type { Tracefs } from '../tracefs.js';
import { toolFlags, type FlagMap } from './tool-flags.js';

export interface LibbpfBackendSpec {
  /** The probe, and the tool's name in HostFacts.libbpf.tools ("<tool>"). */
  probe: string;
  tool: string;
  parser: ParserName;
  flags: FlagMap;
  ready: RegExp;
  /** The tracepoints its BPF object attaches to ("sock/inet_sock_set_state"). */
  tracepoints: readonly string[];
  /** It relocates kernel struct reads with the kernel's BTF (CO-RE). */
  needsBtf: boolean;
  tracefs: Tracefs;
}

function unavailable(spec: LibbpfBackendSpec, facts: HostFacts): Unavailable | undefined {
  if (facts.libbpf.tools[spec.tool] === undefined) return { reason: `libbpf-tools' ${spec.tool} is not installed`, remedy: installLibbpfTools(facts.packages) };
  if (!facts.libbpf.check.ok)
    return { reason: `libbpf-tools cannot run here: ${facts.libbpf.check.detail}`, ...(facts.libbpf.check.remedy && { remedy: facts.libbpf.check.remedy }) };
  const { tracepoint } = facts.attach;
  if (!tracepoint.ok)
    return {
      reason: `it attaches to tracepoints, and they do not attach here (${tracepoint.detail})`,
      ...(tracepoint.remedy && { remedy: tracepoint.remedy }),
    };
  const missing = spec.tracepoints.filter((tp) => !spec.tracefs.has(tp));
  if (missing.length > 0) return { reason: `this kernel has no tracepoint ${missing.join(', ')}` };
  if (spec.needsBtf && !facts.btf.ok)
    return { reason: `it needs the kernel's BTF (${facts.btf.detail})`, ...(facts.btf.remedy && { remedy: facts.btf.remedy }) };
  return undefined;
}

export function libbpfBackend(spec: LibbpfBackendSpec): BackendDefinition {
  return {
    backend: 'libbpf',
    tool: `libbpf-tools ${spec.tool}`,
    filters: Object.keys(spec.flags) as FilterName[],
    unavailable: (facts) => unavailable(spec, facts),
    plan(filters, facts) {
      return {
        probe: spec.probe,
        backend: 'libbpf',
        argv: ['stdbuf', '-oL', facts.libbpf.tools[spec.tool]!, ...toolFlags(spec.flags, filters)],
        env: {},
        parser: spec.parser,
        impl: 'libbpf',
        ready: spec.ready,
        filters,
      };
    },
  };
}
