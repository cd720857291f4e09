// Host facts from what remoteFactsScript printed on another host: the same checks and decisions doctor makes here, from observations instead of local calls.
import { attachTrials, type AttachKind } from './attach-probes.js';
import { bpftraceErrorText, featureTrials, parseBpftraceVersion, provenFeatures } from './bpftrace.js';
import { BTF_FILE, btfCheckOf } from './btf.js';
import { bpfCapabilities, decodeCapabilities } from './capabilities.js';
import { hostFactsSchema, type Check, type HostFacts } from './facts.js';
import { fentryRemedy } from './fentry-remedy.js';
import type { HeadersFinding } from './headers.js';
import { mountCheck, parseMounts, tracefsDir } from './mounts.js';
import { cpuListCount } from './ring-facts.js';
import { COMBINED_PROGRAM, COMBINED_TRIAL, coveredTrials, type TrialRun } from './combined-trial.js';
import { BASE_PROGRAM, BASE_TRIAL } from './remote-facts-script.js';
import { bccCheck, libbpfCheck } from './tool-checks.js';
import type { HostToolNames } from './tools.js';

type Trial = TrialRun;

export interface Observations {
  values: Map<string, string>;
  bcc: Record<string, string>;
  libbpf: Record<string, string>;
  trials: Map<string, Trial>;
}

const fromBase64 = (text: string | undefined): string => Buffer.from(text ?? '', 'base64').toString('utf8');

/** The script's output, line by line; a line it does not know is ignored (never thrown on). */
export function parseObservations(text: string, programs: ReadonlyMap<string, string> = trialPrograms()): Observations {
  const seen: Observations = { values: new Map(), bcc: {}, libbpf: {}, trials: new Map() };
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    const [key, a, b, c, d] = fields;
    if (key === 'bcc' && a && b) seen.bcc[a] = b;
    else if (key === 'libbpf' && a && b) seen.libbpf[a] = b;
    else if (key === 'trial' && a !== undefined && b !== undefined) {
      const code = Number(b);
      const stderr = fromBase64(d);
      // timeout(1) exits 124 when the limit passed, 137 when it had to kill.
      const timedOut = code === 124 || code === 137;
      seen.trials.set(a, {
        ok: code === 0,
        timedOut,
        result: { stdout: fromBase64(c) },
        error: `${bpftraceErrorText(stderr, programs.get(a) ?? '') || 'no message'} (${timedOut ? 'timed out' : `exit code ${code}`})`,
      });
    } else if (key !== undefined && a !== undefined && fields.length === 2) seen.values.set(key, a);
  }
  // Where the combined trial succeeded, the four it stands for did not run apart: its run answers them.
  const combined = seen.trials.get(COMBINED_TRIAL);
  if (combined?.ok) for (const [name, trial] of coveredTrials(combined)) if (!seen.trials.has(name)) seen.trials.set(name, trial);
  return seen;
}

function trialPrograms(): Map<string, string> {
  return new Map([
    [COMBINED_TRIAL, COMBINED_PROGRAM],
    [BASE_TRIAL, BASE_PROGRAM],
    ...Object.entries(attachTrials).map(([kind, program]): [string, string] => [`attach-${kind}`, program]),
    ...featureTrials.map((t): [string, string] => [`feature-${t.name}`, t.program]),
  ]);
}

const notOverSsh = (what: string): Check => ({ ok: false, unknown: true, detail: `not tested over ssh: ${what}` });

function attachCheck(kind: AttachKind, seen: Observations, btf: boolean, tracefs: string | undefined): Check {
  const program = attachTrials[kind];
  const probe = program.slice(0, program.indexOf(' '));
  const trial = seen.trials.get(`attach-${kind}`);
  if (trial === undefined) return { ok: false, unknown: true, detail: `not tested: bpftrace is missing (it loads the test ${probe} program)` };
  if (trial.ok) return { ok: true, detail: `bpftrace attached ${probe}` };
  const remedy =
    tracefs === undefined && kind !== 'fentry'
      ? "mount tracefs and debugfs on that host: 'probectl doctor --fix' there, or mount -t tracefs tracefs /sys/kernel/tracing"
      : kind === 'fentry'
        ? fentryRemedy({ btf, filterFunctionsDenied: false })
        : kind === 'kprobe'
          ? 'that kernel refused a kprobe: use tracepoint-based backends (--backend auto picks them)'
          : 'that kernel refused a tracepoint program (see the error): check CONFIG_BPF_EVENTS=y and that lockdown or a seccomp filter does not forbid bpf()';
  return { ok: false, detail: `bpftrace could not attach ${probe}: ${trial.error}`, remedy, ...(trial.timedOut && { timedOut: true as const }) };
}

/** The host facts of the host that printed `text`, judged as measureHostFacts judges them here. */
export function factsFromObservations(text: string, tools: HostToolNames): HostFacts {
  const seen = parseObservations(text);
  const kernel = seen.values.get('kernel') ?? 'unknown';
  const names = decodeCapabilities(seen.values.get('capeff') ?? '') ?? [];
  const btfSize = seen.values.get('btf');
  const btf = btfCheckOf(BTF_FILE, btfSize === undefined ? undefined : Number(btfSize));
  const mounts = parseMounts(fromBase64(seen.values.get('mounts')));
  const tracefs = tracefsDir(mounts);
  const path = seen.values.get('bpftrace');
  const version = parseBpftraceVersion(seen.values.get('bpftrace_version') ?? '');
  const base = seen.trials.get(BASE_TRIAL);
  const features = provenFeatures(featureTrials.map((t) => seen.trials.get(`feature-${t.name}`) ?? { ok: false, result: { stdout: '' } }));
  const attach = {
    tracepoint: attachCheck('tracepoint', seen, btf.ok, tracefs),
    kprobe: attachCheck('kprobe', seen, btf.ok, tracefs),
    fentry: attachCheck('fentry', seen, btf.ok, tracefs),
  };
  const where = `${path} ${version ?? '(version unknown)'}`;
  const bpftraceCheck: Check =
    path === undefined
      ? { ok: false, detail: 'bpftrace is not installed (not on PATH nor in the sbin directories)', remedy: 'install bpftrace on that host' }
      : base?.ok
        ? { ok: true, detail: `${where}; runs programs; features: ${features.join(', ') || 'none'}` }
        : {
            ok: false,
            detail: `${where}; a BEGIN program failed: ${base?.error ?? 'not tried'}`,
            remedy: 'bpftrace cannot load programs there: see the error',
          };
  const headersVersion = seen.values.get('headers');
  const headersDir = seen.values.get('headers_dir') ?? `/lib/modules/${kernel}/build`;
  const headers: HeadersFinding =
    headersVersion === undefined
      ? { state: 'missing', dir: `/lib/modules/${kernel}/build` }
      : { state: headersVersion === kernel ? 'match' : 'mismatch', dir: headersDir, ...(headersVersion !== '' && { version: headersVersion }) };
  const cpus = cpuListCount(seen.values.get('cpus') ?? '');
  const pageBytes = Number(seen.values.get('page_size'));
  return hostFactsSchema.parse({
    kernel,
    root: seen.values.get('uid') === '0',
    capabilities: bpfCapabilities.filter((c) => names.includes(c)),
    ...(cpus !== undefined && { cpus }),
    ...(Number.isInteger(pageBytes) && pageBytes > 0 && { pageBytes }),
    btf,
    tracefs: mountCheck('tracefs', mounts),
    debugfs: mountCheck('debugfs', mounts),
    attach: { ...attach, xdp: notOverSsh('XDP needs a throw-away namespace and clang there') },
    bpftrace: { path, version, features: attach.fentry.ok ? [...features, 'kfunc'] : features, check: bpftraceCheck },
    bcc: { tools: seen.bcc, headers: headers.state, check: bccCheck(seen.bcc, headers, kernel, tools.bcc) },
    libbpf: { tools: seen.libbpf, check: libbpfCheck(seen.libbpf, btf, tools.libbpf) },
    clang: notOverSsh('clang is only needed for XDP'),
  });
}
