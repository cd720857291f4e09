// The bcc backend of a probe: a stock BCC Python tool, with what it needs to compile, attach and be believed.
import type { HostFacts } from '../../host/facts.js';
import { installBcc, installHeaders } from '../../host/install-remedies.js';
import type { BackendDefinition } from '../catalog.js';
import type { FilterName } from '../filters.js';
import type { Unavailable, ParserName } from '../plan.js';
import { toolFlags, type FlagMap } from './tool-flags.js';

export interface BccBackendSpec {
  /** The probe, and the tool's name in HostFacts.bcc.tools ("<tool>"). */
  probe: string;
  tool: string;
  parser: ParserName;
  flags: FlagMap;
  /** Its header (or banner), printed once it has attached. */
  ready: RegExp;
  /** What it reads from kernel structs through the headers it compiles against; undefined when nothing. */
  readsStructs?: string;
  /** Why it cannot attach here, from what attaches on this host. */
  attach(facts: HostFacts): Unavailable | undefined;
}

function unavailable(spec: BccBackendSpec, facts: HostFacts): Unavailable | undefined {
  if (facts.bcc.tools[spec.tool] === undefined) return { reason: `BCC's ${spec.tool} is not installed`, remedy: installBcc(facts.packages) };
  if (facts.bcc.headers === 'missing')
    return {
      reason: `BCC compiles its programs against kernel headers, and there are none for ${facts.kernel} ("Unable to find kernel headers")`,
      remedy: installHeaders(facts.packages, facts.kernel),
    };
  if (!facts.bcc.check.ok)
    return { reason: `BCC cannot run here: ${facts.bcc.check.detail}`, ...(facts.bcc.check.remedy && { remedy: facts.bcc.check.remedy }) };
  return spec.attach(facts);
}

export function bccBackend(spec: BccBackendSpec): BackendDefinition {
  return {
    backend: 'bcc',
    tool: `${spec.tool}-bpfcc`,
    filters: Object.keys(spec.flags) as FilterName[],
    unavailable: (facts) => unavailable(spec, facts),
    untrusted(facts) {
      if (spec.readsStructs === undefined || facts.bcc.headers !== 'mismatch') return undefined;
      return `it reads ${spec.readsStructs} through the installed kernel headers, which are for another kernel than ${facts.kernel}: the offsets, and so its numbers, may be wrong`;
    },
    plan(filters, facts) {
      return {
        probe: spec.probe,
        backend: 'bcc',
        argv: [facts.bcc.tools[spec.tool]!, ...toolFlags(spec.flags, filters)],
        env: { PYTHONUNBUFFERED: '1' },
        parser: spec.parser,
        impl: 'bcc',
        ready: spec.ready,
        filters,
      };
    },
  };
}
