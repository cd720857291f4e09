// probectl's profile program for one run: scripts-bt/profile.bt with the rate, the interval, the stacks kept and the filters.
import { bpftraceProgram } from '../../plan/bpftrace-program.js';
import { readScript, scriptName } from '../../plan/bpftrace-scripts.js';
import type { Filters } from '../../plan/filters.js';
import { PROFILE_HEADER } from './layouts.js';
import { type ProfileOptions, stacksOf } from './options.js';

/** Replaces the one occurrence of `from` (the script is probectl's own: a missing one is a bug). */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`scripts-bt/profile.bt should hold "${from}" once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

export function profileProgram(options: ProfileOptions, filters: Filters, features: readonly string[], selfPid: number | undefined): string {
  const stacks = stacksOf(options);
  const key = stacks.map((s) => (s === 'kernel' ? 'kstack(perf)' : 'ustack(perf)')).join(', ');
  let script = readScript('profile', 'tracepoint');
  script = replaceOnce(script, `"${PROFILE_HEADER} hz=99 stacks=kernel,user\\n"`, `"${PROFILE_HEADER} hz=${options.frequency} stacks=${stacks.join(',')}\\n"`);
  script = replaceOnce(script, '\nprofile:hz:99\n', `\nprofile:hz:${options.frequency}\n`);
  script = replaceOnce(script, '\ninterval:s:1\n', `\ninterval:ms:${Math.round(options.interval * 1000)}\n`);
  script = replaceOnce(script, '@stacks[kstack(perf), ustack(perf), comm, pid]', `@stacks[${key}, comm, pid]`);
  return bpftraceProgram(script, { source: scriptName('profile', 'tracepoint'), filters, features, selfPid });
}
