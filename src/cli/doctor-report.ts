// The human report of doctor: one line per check (✓/✗), the remedy under each problem.
import type { ChalkInstance } from 'chalk';
import type { Check, HostFacts } from '../host/facts.js';

/** The privileges line, derived from root and the effective capabilities. */
export function privilegesCheck(facts: HostFacts): Check {
  const caps = facts.capabilities.length > 0 ? facts.capabilities.join(' ') : 'no BPF capabilities';
  const enough =
    facts.root || facts.capabilities.includes('CAP_SYS_ADMIN') || (facts.capabilities.includes('CAP_BPF') && facts.capabilities.includes('CAP_PERFMON'));
  const who = facts.root ? 'root' : `uid ${process.getuid?.() ?? '?'}`;
  if (enough) return { ok: true, detail: `${who}; ${caps}` };
  return { ok: false, detail: `${who}; ${caps}`, remedy: "tracing needs root (or CAP_BPF with CAP_PERFMON): run 'sudo probectl doctor'" };
}

/** Every check in report order, with its label. */
export function reportChecks(facts: HostFacts): [string, Check][] {
  return [
    ['privileges', privilegesCheck(facts)],
    ['btf', facts.btf],
    ['tracefs', facts.tracefs],
    ['debugfs', facts.debugfs],
    ['tracepoint', facts.attach.tracepoint],
    ['kprobe', facts.attach.kprobe],
    ['fentry', facts.attach.fentry],
    ['xdp', facts.attach.xdp],
    ['bpftrace', facts.bpftrace.check],
    ['bcc', facts.bcc.check],
    ['libbpf-tools', facts.libbpf.check],
    ['clang', facts.clang],
  ];
}

export function formatReport(facts: HostFacts, chalk: ChalkInstance): string {
  const checks = reportChecks(facts);
  const width = Math.max(...checks.map(([label]) => label.length));
  const lines = [chalk.bold(`probectl doctor: kernel ${facts.kernel}`)];
  for (const [label, check] of checks) {
    const mark = check.ok ? chalk.green('✓') : chalk.red('✗');
    lines.push(`${mark} ${label.padEnd(width)}  ${check.detail}`);
    if (!check.ok && check.remedy !== undefined) lines.push(`  ${' '.repeat(width)}  ${chalk.yellow('→')} ${check.remedy}`);
  }
  lines.push(summary(checks.map(([, check]) => check)));
  return lines.join('\n') + '\n';
}

/** "3 problems found, 5 checks not tested", or "no problems found". */
export function summary(checks: readonly Check[]): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const untested = checks.filter((c) => !c.ok && c.unknown === true).length;
  const problems = checks.filter((c) => !c.ok).length - untested;
  const parts = [problems === 0 ? 'no problems found' : `${plural(problems, 'problem')} found`];
  if (untested > 0) parts.push(`${plural(untested, 'check')} not tested`);
  return parts.join(', ');
}
