// The sh script that observes a remote host over SSH (no Node there): kernel, identity, CPUs and page size, mounts, BTF, bpftrace and its trials, the tools, the headers.
import { shellQuote, shellWords } from '../core/shell-quote.js';
import { attachTrials } from './attach-probes.js';
import { featureTrials } from './bpftrace.js';
import { COMBINED_COVERS, COMBINED_FLAGS, COMBINED_PROGRAM, COMBINED_TRIAL } from './combined-trial.js';
import type { HostToolNames } from './tools.js';

/** A trial's name in the script's output: attach-<kind>, feature-<name>, or base. */
export const BASE_TRIAL = 'base';
export const BASE_PROGRAM = 'BEGIN { exit(); }';

const systemDirs = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Prints one `key<TAB>value` line per observation, and `trial<TAB>name<TAB>exit<TAB>base64 stdout<TAB>base64 stderr`
 * per bpftrace trial (run in parallel, each under `timeout`). Four of the trials are first tried as one run (the
 * combined trial: every bpftrace start costs a fifth of a second of CPU); only where it fails do they run apart, so
 * that each failure has its own error. Run it as the user the probes will run as (root, or sudo -n).
 */
export function remoteFactsScript(tools: HostToolNames, timeoutS: number): string {
  const trials: [string, string[], string][] = [
    [BASE_TRIAL, [], BASE_PROGRAM],
    ...Object.entries(attachTrials).map(([kind, program]): [string, string[], string] => [`attach-${kind}`, [], program]),
    ...featureTrials.map((t): [string, string[], string] => [`feature-${t.name}`, t.flags, t.program]),
  ];
  const isCovered = (name: string) => (COMBINED_COVERS as readonly string[]).includes(name);
  const covered = trials.filter(([name]) => isCovered(name));
  const apart = trials.filter(([name]) => !isCovered(name));
  return [
    `PATH="$PATH:${systemDirs}"`,
    't=$(mktemp -d "${TMPDIR:-/tmp}/probectl.XXXXXX") || exit 125',
    `trap 'rm -rf "$t"' EXIT`,
    `say() { printf '%s\\t%s\\n' "$1" "$2"; }`,
    'say kernel "$(uname -r)"',
    'say uid "$(id -u)"',
    'say cpus "$(cat /sys/devices/system/cpu/online 2>/dev/null)"',
    'say page_size "$(getconf PAGESIZE 2>/dev/null)"',
    `say capeff "$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)"`,
    '[ -f /sys/kernel/btf/vmlinux ] && say btf "$(wc -c < /sys/kernel/btf/vmlinux)"',
    'say mounts "$(base64 -w0 < /proc/self/mounts)"',
    'h="/lib/modules/$(uname -r)/build"',
    `if [ -d "$h" ]; then say headers "$(sed -n 's/^#define[[:space:]]*UTS_RELEASE[[:space:]]*"\\(.*\\)"/\\1/p' "$h/include/generated/utsrelease.h" 2>/dev/null)"; say headers_dir "$(readlink -f "$h")"; fi`,
    // BCC: <tool>-bpfcc on PATH, /usr/share/bcc/tools/<tool>; libbpf-tools: a native ELF <tool> or bpf-<tool>.
    'elf() { [ "$(head -c 4 "$1" 2>/dev/null | tail -c 3)" = ELF ]; }',
    `for n in ${shellWords(tools.bcc)}; do f=$(command -v "$n-bpfcc") || f=; [ -z "$f" ] && [ -x "/usr/share/bcc/tools/$n" ] && f="/usr/share/bcc/tools/$n"; [ -n "$f" ] && printf 'bcc\\t%s\\t%s\\n' "$n" "$f"; done`,
    `for n in ${shellWords(tools.libbpf)}; do for c in "$n" "bpf-$n"; do f=$(command -v "$c") && elf "$f" && { printf 'libbpf\\t%s\\t%s\\n' "$n" "$f"; break; }; done; done`,
    'b=$(command -v bpftrace) || b=',
    'if [ -n "$b" ]; then',
    '  say bpftrace "$b"',
    '  say bpftrace_version "$("$b" --version 2>&1 | head -n 1)"',
    `  trial() { n=$1; shift; timeout -k 2 ${timeoutS} "$b" "$@" > "$t/$n.out" 2> "$t/$n.err"; printf 'trial\\t%s\\t%s\\t%s\\t%s\\n' "$n" "$?" "$(base64 -w0 < "$t/$n.out")" "$(base64 -w0 < "$t/$n.err")" > "$t/$n.line"; }`,
    `  trial ${COMBINED_TRIAL} ${shellWords([...COMBINED_FLAGS, '-e', COMBINED_PROGRAM])} &`,
    ...apart.map(([name, flags, program]) => `  trial ${shellQuote(name)} ${shellWords([...flags, '-e', program])} &`),
    '  wait',
    `  if [ "$(cut -f3 "$t/${COMBINED_TRIAL}.line")" != 0 ]; then`,
    ...covered.map(([name, flags, program]) => `    trial ${shellQuote(name)} ${shellWords([...flags, '-e', program])} &`),
    '    wait',
    '  fi',
    '  cat "$t"/*.line',
    'fi',
    'say end ok',
  ].join('\n');
}
