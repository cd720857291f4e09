// profile: on-CPU stacks sampled on every CPU, from probectl's profile.bt (bpftrace); BCC's profile -f output is read by `parse profile`.
import type { BackendDefinition, ProbeDefinition } from '../../plan/catalog.js';
import type { ProbeSettings } from '../../plan/plan.js';
import { profileOptions, type ProfileOptions } from './options.js';
import { profileProgram } from './program.js';
import { PROFILE_HEADER } from './layouts.js';

const NO_ADDRESS = 'CPU samples have no addresses or ports';

function optionsOf(settings: ProbeSettings): ProfileOptions {
  // planProbe has checked them with profileOptions.schema.
  const options = settings.profile as ProfileOptions | undefined;
  if (options === undefined) throw new Error('profile planned without its options');
  return options;
}

const bpftrace: BackendDefinition = {
  backend: 'bpftrace',
  tool: "probectl's profile.bt",
  filters: ['pid', 'comm'],
  unavailable(facts) {
    if (facts.bpftrace.check.ok) return undefined;
    return { reason: `bpftrace cannot run here: ${facts.bpftrace.check.detail}`, ...(facts.bpftrace.check.remedy && { remedy: facts.bpftrace.check.remedy }) };
  },
  plan(filters, facts, settings, context = {}) {
    const program = profileProgram(optionsOf(settings), filters, facts.bpftrace.features, context.selfPid);
    // Naming user frames is most of bpftrace's cost. Its symbol cache is keyed by executable, so under address
    // randomisation it is right only for one process: on with --pid (bpftrace turns it on itself for the one process of -c).
    const env: Record<string, string> = filters.pid === undefined ? {} : { BPFTRACE_CACHE_USER_SYMBOLS: '1' };
    return {
      probe: 'profile',
      backend: 'bpftrace',
      argv: [facts.bpftrace.path ?? 'bpftrace', '-e', program],
      env,
      script: program,
      parser: 'profile',
      impl: 'bpftrace',
      layout: 'probectl-v1',
      ready: new RegExp(`^${PROFILE_HEADER} `, 'm'),
      filters,
    };
  },
};

export const profileProbeDefinition: ProbeDefinition = {
  name: 'profile',
  description: 'on-CPU stacks (kernel and user) sampled on every CPU at 99 Hz, per process: pprof, folded stacks and flame graphs',
  filterNotes: { port: NO_ADDRESS, lport: NO_ADDRESS, rport: NO_ADDRESS, family: NO_ADDRESS, failed: 'samples are not calls that can fail' },
  // Not BCC's profile: in folded mode it prints nothing until it stops, so a run could not tell when it is sampling (and
  // --duration counts from then); `probectl parse profile` reads its folded output.
  backends: [bpftrace],
  options: profileOptions,
};
