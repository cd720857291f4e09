// Which attach types work here, found by loading a tiny bpftrace program of each kind that exits at once.
import { access, open } from 'node:fs/promises';
import { join } from 'node:path';
import { gaveNoAnswer } from '../core/one-shot.js';
import { runBpftrace } from './bpftrace.js';
import type { Check } from './facts.js';
import { fentryRemedy } from './fentry-remedy.js';
import { installBpftrace } from './install-remedies.js';
import type { KernelConfig } from './kernel-config.js';
import type { PendingOffers } from './packages.js';

export interface AttachContext {
  bpftrace?: string;
  root: boolean;
  /** The mounted tracefs directory, if any. */
  tracefs?: string;
  timeoutMs: number;
  /** The kernel has BTF, and its config when readable: what the fentry remedy is said from. */
  btf: boolean;
  kernelConfig?: KernelConfig;
  packages?: PendingOffers;
}

export type AttachKind = 'tracepoint' | 'kprobe' | 'fentry';
type Kind = AttachKind;

/** The program each attach type is tried with: it attaches, then exits at once. */
export const attachTrials: Record<Kind, string> = {
  tracepoint: 'tracepoint:syscalls:sys_enter_getpid { exit(); } BEGIN { exit(); }',
  kprobe: 'kprobe:do_nanosleep { exit(); } BEGIN { exit(); }',
  fentry: 'kfunc:do_nanosleep { exit(); } BEGIN { exit(); }',
};

const fixMounts = "mount tracefs and debugfs: run 'probectl doctor --fix' as root";
const useTracepoints = 'use tracepoint-based backends (--backend auto picks them)';

/** What to do when an attach failed, from what the kernel and tracefs show. */
async function remedyFor(kind: Kind, ctx: AttachContext): Promise<string> {
  if (ctx.tracefs === undefined && kind !== 'fentry') return fixMounts;
  if (kind === 'tracepoint')
    return 'the kernel refused a tracepoint program (see the error): check CONFIG_BPF_EVENTS=y and that lockdown or a seccomp filter does not forbid bpf()';
  if (kind === 'kprobe') {
    const hasKprobeEvents = await access(join(ctx.tracefs!, 'kprobe_events')).then(
      () => true,
      () => false,
    );
    if (!hasKprobeEvents)
      return `this kernel has no kprobes (no kprobe_events in ${ctx.tracefs}: CONFIG_KPROBES or CONFIG_KPROBE_EVENTS is off), so kprobe-based tools (BCC tools that attach kprobes, kprobe .bt scripts) cannot run: ${useTracepoints}, or boot a kernel built with CONFIG_KPROBES=y`;
    return 'the kernel refused a kprobe on do_nanosleep (see the error): check kernel lockdown (/sys/kernel/security/lockdown) and that the function is listed in available_filter_functions';
  }
  const filterFunctionsDenied = ctx.tracefs !== undefined && (await readDenied(join(ctx.tracefs, 'available_filter_functions')));
  return fentryRemedy({ btf: ctx.btf, config: ctx.kernelConfig, filterFunctionsDenied });
}

/** True when opening `file` is refused although it exists: as root, that is a security policy speaking. */
const readDenied = (file: string): Promise<boolean> =>
  open(file).then(
    (handle) => handle.close().then(() => false),
    (error: NodeJS.ErrnoException) => error.code === 'EPERM' || error.code === 'EACCES',
  );

async function attachCheck(kind: Kind, ctx: AttachContext): Promise<Check> {
  const program = attachTrials[kind];
  const probe = program.slice(0, program.indexOf(' '));
  if (ctx.bpftrace === undefined)
    return {
      ok: false,
      unknown: true,
      detail: `not tested: bpftrace is missing (it loads the test ${probe} program)`,
      remedy: installBpftrace(await ctx.packages),
    };
  if (!ctx.root) return { ok: false, unknown: true, detail: `not tested: loading a ${probe} program needs root`, remedy: "run 'sudo probectl doctor'" };
  const run = await runBpftrace(ctx.bpftrace, program, ctx.timeoutMs);
  if (run.ok) return { ok: true, detail: `bpftrace attached ${probe}` };
  return {
    ok: false,
    detail: `bpftrace could not attach ${probe}: ${run.error}`,
    remedy: await remedyFor(kind, ctx),
    ...(gaveNoAnswer(run.result) && { timedOut: true as const }),
  };
}

/** The three attach types bpftrace can try, in parallel. */
export async function attachChecks(ctx: AttachContext): Promise<Record<Kind, Check>> {
  const [tracepoint, kprobe, fentry] = await Promise.all([attachCheck('tracepoint', ctx), attachCheck('kprobe', ctx), attachCheck('fentry', ctx)]);
  return { tracepoint: tracepoint!, kprobe: kprobe!, fentry: fentry! };
}
