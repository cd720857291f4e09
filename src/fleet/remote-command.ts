// The command a probe runs under on a remote host: its program sent in a here-doc, and a watcher that takes the backend down when the connection drops.
import { randomBytes } from 'node:crypto';
import type { ProbePlan } from '../plan/plan.js';
import { shellQuote } from '../core/shell-quote.js';

export interface RemoteGrace {
  /** Seconds the backend gets after SIGINT, then after SIGTERM, once the connection is gone. */
  intS: number;
  termS: number;
}

/**
 * The watcher: sshd leaves a command running when its connection drops (no pty, no SIGHUP), but its stdin ends.
 * The wrapper keeps stdin on fd 3 for a background loop that reads it to the end, then signals the whole process
 * group (the login shell execs the wrapper, and sshd made it a session leader): SIGINT, SIGTERM (sent again every half
 * second: harmless to a backend that handles it, and what a bpftrace that forgot the first needs), then SIGKILL.
 * The backend runs in the foreground with default signal dispositions (the wrapper's traps are reset by exec).
 */
function wrapper(argv: readonly string[], env: Record<string, string>, grace: RemoteGrace, program?: { file: string; text: string }): string {
  const tag = `PROBECTL_PROGRAM_${randomBytes(8).toString('hex')}`;
  const ticks = (s: number) => Math.max(1, Math.round(s * 10));
  const envWords = Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`));
  const lines = [
    'exec 3<&0',
    'd=$(mktemp -d "${TMPDIR:-/tmp}/probectl.XXXXXX") || exit 125',
    ...(program === undefined ? [] : [`cat > "$d/${program.file}" <<'${tag}'`, program.text.replace(/\n$/, ''), tag]),
    "trap ':' INT TERM HUP",
    '(',
    "  trap '' INT TERM HUP",
    '  while IFS= read -r _ <&3; do :; done',
    `  kill -INT 0; n=0; while [ $n -lt ${ticks(grace.intS)} ] && kill -0 $$ 2>/dev/null; do sleep 0.1; n=$((n+1)); done`,
    // SIGTERM again every half second: bpftrace forgets a stop signal that lands between two of its waits for events (src/run/stop.ts).
    `  kill -TERM 0; n=0; while [ $n -lt ${ticks(grace.termS)} ] && kill -0 $$ 2>/dev/null; do sleep 0.1; n=$((n+1)); [ $((n % 5)) -ne 0 ] || kill -TERM 0; done`,
    '  rm -rf "$d"; kill -KILL 0',
    ') >/dev/null 2>&1 &',
    'w=$!',
    `${envWords.length > 0 ? `env ${envWords.join(' ')} ` : ''}${argv.map((a) => (a === PROGRAM_SLOT ? `"$d/${program!.file}"` : shellQuote(a))).join(' ')} </dev/null 3<&-`,
    's=$?',
    'kill -KILL $w 2>/dev/null',
    // What the backend started and left behind (a child that ignores SIGINT) goes with it; the wrapper alone ignores this SIGTERM.
    "trap '' TERM; kill -TERM 0 2>/dev/null",
    'rm -rf "$d"',
    'exit $s',
  ];
  return lines.join('\n');
}

/** Where the program file's path goes in argv. */
const PROGRAM_SLOT = '\0program';

/**
 * The remote command line for a plan: `exec sh -c '<wrapper>'`, under `sudo -n` when the login is not root.
 * A generated bpftrace program (`-e <script>`) travels in a here-doc to a file in a fresh temporary directory.
 */
export function remoteCommand(plan: Pick<ProbePlan, 'argv' | 'env' | 'script'>, options: { sudo: boolean; grace: RemoteGrace }): string {
  let argv = plan.argv;
  let program: { file: string; text: string } | undefined;
  const e = plan.argv.indexOf('-e');
  if (plan.script !== undefined && e > 0 && plan.argv[e + 1] === plan.script) {
    program = { file: 'program.bt', text: plan.script };
    argv = [...plan.argv.slice(0, e), PROGRAM_SLOT, ...plan.argv.slice(e + 2)];
  }
  const script = wrapper(argv, plan.env, options.grace, program);
  return `exec ${options.sudo ? 'sudo -n ' : ''}sh -c ${shellQuote(script)}`;
}
