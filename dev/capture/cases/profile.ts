// Capture cases for profile: probectl's profile.bt, a user's stack-map one-liner as text and as -f json, and BCC's profile -f (no headers here).
import { profileProgram } from '../../../src/probes/profile/program.js';
import { profileOptionsSchema } from '../../../src/probes/profile/options.js';
import type { CaptureCase } from '../capture-case.js';
import { kernelHeaders } from '../fixtures.js';
import { cppBurn } from '../workloads/cpu-burn.js';
import { STALE_HEADERS } from './common.js';
import { PROBECTL_NOTE } from './probectl-program.js';

const profile = (name: string, extra: Partial<CaptureCase> & Pick<CaptureCase, 'impl' | 'tool' | 'argv'>): CaptureCase => ({
  probe: 'profile',
  name,
  parser: 'profile',
  ready: /^Attaching \d+ probes/m,
  workload: cppBurn(2.5),
  durationMs: 2000,
  ...extra,
});

/** A user's one-liner: every stack of pctl-shapes counted, printed and cleared each second (bpftrace names user frames as it prints). */
const oneLiner = (mode: string) =>
  `profile:hz:99 /comm == "pctl-shapes"/ { @[kstack${mode}, ustack${mode}, comm, pid] = count(); } interval:s:1 { print(@); clear(@); }`;

export const profileCases: CaptureCase[] = [
  profile('probectl', {
    impl: 'bpftrace',
    tool: 'probectl-profile.bt',
    argv: () => ['bpftrace', '-e', profileProgram(profileOptionsSchema.parse({}), { comm: 'pctl-shapes' }, [], undefined)],
    ready: /^PROBECTL profile v1 /m,
    note: `${PROBECTL_NOTE} pctl-shapes exits before the last print: bpftrace then prints its user frames as bare addresses.`,
  }),
  profile('bpftrace-text', {
    impl: 'bpftrace',
    tool: 'bpftrace',
    argv: ['bpftrace', '-e', oneLiner('')],
    note: 'bpftrace one-liner, stacks in its default mode (symbol+offset); C++ names demangled by bpftrace, with their commas and spaces.',
  }),
  profile('bpftrace-json', {
    impl: 'bpftrace',
    tool: 'bpftrace',
    argv: ['bpftrace', '-f', 'json', '-e', oneLiner('(perf)')],
    ready: /"attached_probes"/,
    note: 'The same one-liner with -f json and perf-mode stacks (address, symbol+offset, module): one {"type": "map"} record per print.',
  }),
  profile('bcc', {
    impl: 'bcc',
    tool: 'profile',
    // Folded mode prints nothing until the end: the shell's line on stderr says it started; it compiles for seconds before sampling.
    argv: ['sh', '-c', 'echo "starting profile-bpfcc" >&2; profile-bpfcc -f -a -d -F 99 10 | grep "^pctl-shapes;"'],
    ready: /^starting profile-bpfcc$/m,
    workload: cppBurn(2.5, 5),
    // It ends by itself after its 10 s and prints every stack of the machine, symbolizing each: time enough for that.
    durationMs: 60_000,
    needs: [kernelHeaders],
    note: `${STALE_HEADERS}. profile-bpfcc -f -a -d -F 99 for 10 s on the whole machine, started by sh, which says so on stderr first (folded mode prints nothing until the end); the workload waits 5 s while BCC compiles. Only the workload's lines are kept (grep on the comm that starts each line: BCC's profile has no comm filter, and this shared machine's other processes made 3 MB); the kept lines are as the tool printed them.`,
  }),
];
