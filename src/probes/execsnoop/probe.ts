// execsnoop: execve() and execveat() calls, from probectl's execsnoop.bt, libbpf-tools' execsnoop or BCC's execsnoop.
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { libbpfBackend } from '../../plan/backends/libbpf-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import type { BackendDefinition, ProbeDefinition } from '../../plan/catalog.js';
import type { ProbePlan, ProbeSettings } from '../../plan/plan.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';
import { type ExecsnoopOptions, execsnoopOptions } from './options.js';

const NO_ADDRESS = 'execs have no addresses or ports';
const UID_SLOT = /^([ \t]*)\/\/ probectl:uid\(\$uid\)[ \t]*$/m;

const uidOf = (settings: ProbeSettings): number | undefined => (settings.execsnoop as ExecsnoopOptions | undefined)?.uid;

/** A backend whose plan gets more from execsnoop's own options (planProbe has checked them with the schema). */
function withOptions(backend: BackendDefinition, adapt: (plan: ProbePlan, uid: number | undefined) => ProbePlan): BackendDefinition {
  return { ...backend, plan: (filters, facts, settings, context) => adapt(backend.plan(filters, facts, settings, context), uidOf(settings)) };
}

/** The program's `// probectl:uid($uid)` line: a guard on the caller's uid, or nothing. */
function fillUidSlot(plan: ProbePlan, uid: number | undefined): ProbePlan {
  const script = plan.script!.replace(UID_SLOT, (_line, indent: string) => (uid === undefined ? '' : `${indent}if ($uid != ${uid}) { return; }`));
  return { ...plan, script, argv: plan.argv.map((word) => (word === plan.script ? script : word)) };
}

/**
 * Always -x (failed calls too: probectl's events are every call, --failed picks the failures) and -q (quoted arguments:
 * without it an argument's spaces cannot be told from the separators, and libbpf prints a newline in one as is).
 */
const stockFlags = (plan: ProbePlan, uid: number | undefined): ProbePlan => ({
  ...plan,
  argv: [...plan.argv, '-x', '-q', ...(uid === undefined ? [] : ['-u', String(uid)])],
});

export function execsnoopProbe(tracefs: Tracefs = hostTracefs()): ProbeDefinition {
  return {
    name: 'execsnoop',
    description: 'execve() and execveat() calls: process, parent, user, arguments, result or errno (--pid is the parent)',
    filterNotes: {
      port: NO_ADDRESS,
      lport: NO_ADDRESS,
      rport: NO_ADDRESS,
      family: NO_ADDRESS,
      pid: 'for execsnoop --pid is the parent: libbpf-tools execsnoop has no parent filter (-P is BCC only)',
      failed: 'libbpf-tools and BCC execsnoop can add failed calls (-x) but not keep only them',
    },
    backends: [
      withOptions(
        bpftraceBackend({
          name: 'execsnoop',
          parser: 'execsnoop',
          tracepoints: ['syscalls/sys_enter_execve', 'syscalls/sys_exit_execve'],
          // The parent's pid is read from the task (curtask->real_parent->tgid).
          tracepointNeedsBtf: true,
          // Arguments up to 95 bytes: with more, bpftrace 0.17's program for the entry runs out of BPF stack.
          env: { BPFTRACE_STRLEN: '96' },
          output: 'events',
          tracefs,
        }),
        fillUidSlot,
      ),
      withOptions(
        libbpfBackend({
          probe: 'execsnoop',
          tool: 'execsnoop',
          parser: 'execsnoop',
          // -n keeps the calls whose comm *contains* the value, a looser match than bpftrace's equality.
          flags: { comm: (comm: string) => ['-n', comm] },
          ready: /^PCOMM +PID +PPID +RET ARGS/m,
          tracepoints: ['syscalls/sys_enter_execve', 'syscalls/sys_exit_execve'],
          needsBtf: true,
          tracefs,
        }),
        stockFlags,
      ),
      withOptions(
        bccBackend({
          probe: 'execsnoop',
          tool: 'execsnoop',
          parser: 'execsnoop',
          // -n is a regular expression on comm, -P the parent's pid.
          flags: { pid: (ppid: number) => ['-P', String(ppid)], comm: (comm: string) => ['-n', comm] },
          ready: /^PCOMM +PID +PPID +RET ARGS/m,
          readsStructs: "the parent's pid (task->real_parent->tgid)",
          attach: (facts) => needsAttach(facts, 'kprobe', 'execsnoop-bpfcc attaches kprobes to the execve system call'),
        }),
        stockFlags,
      ),
    ],
    options: execsnoopOptions,
  };
}

export const execsnoopProbeDefinition = execsnoopProbe();
