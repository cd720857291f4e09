// bpftrace: where it is, its version, the language features it accepts here (found by trying them).
import { gaveNoAnswer, howItEnded, oneShot, type OneShotResult } from '../core/one-shot.js';
import { ARGS_STRUCT, bpftraceFeatureTrials } from './bpftrace-features.js';
import { findExecutable } from './executables.js';
import type { Check } from './facts.js';
import { installBpftrace } from './install-remedies.js';
import type { PendingOffers } from './packages.js';

/** "bpftrace v0.17.0" → "0.17.0"; also "bpftrace v0.21.2-0ubuntu1" and "bpftrace 0.9.4". */
export function parseBpftraceVersion(text: string): string | undefined {
  return /bpftrace\s+v?(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
}

export interface BpftraceRun {
  ok: boolean;
  result: OneShotResult;
  /** What bpftrace said about a failure, noise removed; or how the child ended. */
  error: string;
}

/** Lines of bpftrace's stderr that explain a failure: without the harmless RLIMIT_MEMLOCK notice, the echoed program and its carets. */
export function bpftraceErrorText(stderr: string, program: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (line) => line !== '' && line !== program.trim() && !/^~+$/.test(line) && !line.includes('RLIMIT_MEMLOCK') && !/^Attaching \d+ probes?\.\.\.$/.test(line),
    );
  // A warning beside an error is context the error already gives (bpftrace 0.17: "not traceable" before the attach error).
  const errors = lines.filter((line) => !line.includes('WARNING:'));
  const text = (errors.length > 0 ? errors : lines).join('; ');
  return text.length > 400 ? text.slice(0, 397) + '...' : text;
}

/** Runs one bpftrace program (which must exit by itself) with a time limit. */
export async function runBpftrace(bpftrace: string, program: string, timeoutMs: number, flags: string[] = []): Promise<BpftraceRun> {
  const result = await oneShot([bpftrace, ...flags, '-e', program], { timeoutMs });
  const ok = result.code === 0 && !result.timedOut;
  const said = bpftraceErrorText(result.stderr, program);
  const end = howItEnded(result);
  return { ok, result, error: said === '' ? end : `${said} (${end})` };
}

export interface BpftraceFound {
  path?: string;
  version?: string;
  /** Why --version gave no version, when it did not. */
  versionError?: string;
}

export async function findBpftrace(dirs: readonly string[], timeoutMs: number): Promise<BpftraceFound> {
  const path = await findExecutable('bpftrace', dirs);
  if (path === undefined) return {};
  const result = await oneShot([path, '--version'], { timeoutMs });
  const version = parseBpftraceVersion(result.stdout + result.stderr);
  return version === undefined
    ? { path, versionError: `${path} --version: ${(result.stdout + result.stderr).trim() || howItEnded(result)}` }
    : { path, version };
}

/** A program that succeeds only where a feature works, and what its output must show; the name is what planners look for. */
export interface FeatureTrial {
  name: string;
  flags: string[];
  program: string;
  proves: (stdout: string) => boolean;
}

export const featureTrials: readonly FeatureTrial[] = [
  {
    name: 'json',
    flags: ['-f', 'json'],
    program: 'BEGIN { printf("probectl\\n"); exit(); }',
    proves: (out) => out.includes('"type": "printf"') || out.includes('"type":"printf"'),
  },
  { name: 'strftime', flags: [], program: 'BEGIN { printf("%s\\n", strftime("%Y", nsecs)); exit(); }', proves: (out) => /^\d{4}$/m.test(out) },
  // bpftrace 0.17 refuses `args.flags` ("Can not access field 'flags' on type '(ctx) struct ...'. Try dereferencing it
  // first, or using '->'", exit 1); 0.20+ compiles it. The program attaches (BEGIN runs once every probe is attached)
  // and exits: it proves the form works here, not only that it parses.
  { name: ARGS_STRUCT, flags: [], program: `${bpftraceFeatureTrials[ARGS_STRUCT]} BEGIN { exit(); }`, proves: () => true },
];

/** The features the trials' runs prove, in the trials' order: the run succeeded and its output shows the feature. */
export function provenFeatures(
  runs: readonly { ok: boolean; result: Pick<OneShotResult, 'stdout'> }[],
  trials: readonly FeatureTrial[] = featureTrials,
): string[] {
  return trials.filter((t, i) => runs[i]?.ok && t.proves(runs[i].result.stdout)).map((t) => t.name);
}

const baseline = 'BEGIN { exit(); }';

/** Whether bpftrace runs a program here, and which features its programs may use. */
export async function bpftraceCheck(
  found: BpftraceFound,
  root: boolean,
  timeoutMs: number,
  packages?: PendingOffers,
): Promise<{ check: Check; features: string[] }> {
  if (found.path === undefined)
    return {
      features: [],
      check: {
        ok: false,
        detail: 'bpftrace is not installed (not on PATH nor in the sbin directories)',
        remedy: installBpftrace(await packages),
      },
    };
  const where = `${found.path} ${found.version ?? '(version unknown)'}`;
  if (!root)
    return {
      features: [],
      check: { ok: false, unknown: true, detail: `${where}; not tried: bpftrace runs only as root`, remedy: "run 'sudo probectl doctor'" },
    };
  const [base, ...trials] = await Promise.all([
    runBpftrace(found.path, baseline, timeoutMs),
    ...featureTrials.map((t) => runBpftrace(found.path!, t.program, timeoutMs, t.flags)),
  ]);
  if (!base!.ok)
    return {
      features: [],
      check: {
        ok: false,
        detail: `${where}; a BEGIN program failed: ${base!.error}`,
        remedy:
          'bpftrace cannot load programs here: see the error above; check that the kernel has CONFIG_BPF_SYSCALL=y and that bpf() is not blocked (lockdown, seccomp, a container without CAP_BPF)',
        ...(gaveNoAnswer(base!.result) && { timedOut: true as const }),
      },
    };
  const features = provenFeatures(trials);
  const detail = `${where}${found.versionError ? ` (${found.versionError})` : ''}; runs programs; features: ${features.join(', ') || `none of ${featureTrials.map((t) => t.name).join(', ')}`}`;
  // A feature trial that got no answer proves nothing either way: the features are then not the host's whole list.
  return { features, check: { ok: true, detail, ...(trials.some((t) => gaveNoAnswer(t.result)) && { timedOut: true as const }) } };
}
