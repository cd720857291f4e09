// Leaves probectl out of its own bpftrace programs: `// probectl:not-self` lines become a guard on probectl's pid and its children's.
import { ProbectlError } from '../core/errors.js';

const SLOT = /^([ \t]*)\/\/ probectl:not-self[ \t]*$/gm;

/**
 * The guard tests the task's process and its parent's: probectl starts every backend as its own child, in a session of its
 * own (child.ts), and setpriv execs the tool in that same process (death-signal.ts), so a backend's opens while it starts,
 * and setpriv's before the exec, come from a session leader whose parent is probectl. Other children of the process that
 * calls the library's run() (not session leaders) are kept. The pid is a number probectl knows, never text a user typed.
 * Without a pid (--include-self) the lines are dropped.
 */
export function fillSelfSlots(script: string, selfPid: number | undefined): string {
  if (selfPid !== undefined && (!Number.isSafeInteger(selfPid) || selfPid <= 0))
    throw new ProbectlError('USAGE', `invalid process id to leave out: ${JSON.stringify(selfPid)}.`, 'Give a positive whole number.');
  return script.replace(SLOT, (_line, indent: string) =>
    selfPid === undefined ? '' : `${indent}if (pid == ${selfPid} || (curtask->real_parent->tgid == ${selfPid} && curtask->signal->leader)) { return; }`,
  );
}
