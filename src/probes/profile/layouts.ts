// The output layouts profile reads: probectl's profile.bt, any bpftrace stack map as text or -f json, and BCC profile's folded lines.
import { withProvenance, type Layout } from '../../core/layout.js';

export const PROFILE_HEADER = 'PROBECTL profile v1';

const all: Layout[] = [
  {
    name: 'probectl-v1',
    impl: 'bpftrace',
    tool: 'probectl-profile.bt',
    description: `probectl's scripts-bt/profile.bt (bpftrace 0.17+): "${PROFILE_HEADER} hz=N stacks=kernel,user", then per interval @samples and the @stacks map in perf mode`,
  },
  {
    name: 'bpftrace-text',
    impl: 'bpftrace',
    tool: 'bpftrace',
    description: 'a bpftrace map keyed by stacks (kstack, ustack, then comm and pid), printed as text, frames in bpftrace or perf mode',
  },
  {
    name: 'bpftrace-json',
    impl: 'bpftrace',
    tool: 'bpftrace',
    description: 'the same map printed by bpftrace -f json: one {"type": "map"} record per print',
  },
  {
    name: 'bcc-folded',
    impl: 'bcc',
    tool: 'profile',
    description: 'BCC profile -f: "comm;frame;...;frame count", root first; kernel frames marked _[k] (-a) or after "-" (-d)',
  },
];

/** The layouts real recordings show. */
const CAPTURED = ['probectl-v1', 'bpftrace-text', 'bpftrace-json', 'bcc-folded'];

export const profileLayouts: readonly Layout[] = withProvenance(all, CAPTURED);
export const layoutNamed = (name: string): Layout => profileLayouts.find((l) => l.name === name)!;
