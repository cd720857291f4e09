// Leaves probectl out of its own bpftrace programs: `// probectl:not-self` lines become a guard on probectl's pid.
import { ProbectlError } from '../core/errors.js';

const SLOT = /^([ \t]*)\/\/ probectl:not-self[ \t]*$/gm;

/**
 * The guard tests probectl's own pid only. The backends it starts are its children (the launcher, or setpriv, execs the tool in the
 * process probectl forked, launcher.ts), whose pids the run knows and drops when it reads the events (own-pids.ts). A guard on
 * the parent (`curtask->real_parent->tgid`, `curtask->signal->leader`) would catch them in the kernel, but naming
 * task_struct makes bpftrace 0.17 parse its definitions with clang: opensnoop.bt was ready in 994 ms instead of 594 here.
 * The pid is a number probectl knows, never text a user typed. Without a pid (--include-self) the lines are dropped.
 */
export function fillSelfSlots(script: string, selfPid: number | undefined): string {
  if (selfPid !== undefined && (!Number.isSafeInteger(selfPid) || selfPid <= 0))
    throw new ProbectlError('USAGE', `invalid process id to leave out: ${JSON.stringify(selfPid)}.`, 'Give a positive whole number.');
  return script.replace(SLOT, (_line, indent: string) => (selfPid === undefined ? '' : `${indent}if (pid == ${selfPid}) { return; }`));
}
