// Fills syscount.bt's own markers in a generated program: this machine's call names, the interval, and the lines its options keep.
import type { SyscountOptions } from './options.js';

const NAMES_SLOT = /^([ \t]*)\/\/ probectl:syscall-names[ \t]*$/m;
/** `// probectl:when latency !per-process`: alone on a line, it governs the probe that follows; after a statement, that line. */
const WHEN = /^(.*?)[ \t]*\/\/ probectl:when((?: +!?[a-z-]+)+)[ \t]*$/;
const INTERVAL_PROBE = /^interval:s:1$/m;
/** Call names go into a printf format as they are: only identifiers (no %, quote or backslash). */
const NAME = /^[a-z_][a-z0-9_]*$/;

type Condition = 'latency' | 'per-process';
const CONDITIONS: Record<Condition, (o: SyscountOptions) => boolean> = {
  latency: (o) => o.latency,
  'per-process': (o) => o.perProcess,
};

function holds(conditions: string, options: SyscountOptions): boolean {
  return conditions
    .trim()
    .split(/ +/)
    .every((word) => {
      const negated = word.startsWith('!');
      const name = (negated ? word.slice(1) : word) as Condition;
      const test = CONDITIONS[name];
      if (test === undefined) throw new Error(`unknown condition "${word}" in a probectl:when line`);
      return test(options) !== negated;
    });
}

/** The lines the options keep: a marked statement or probe stays (without its marker) when every condition holds. */
export function keepWhen(script: string, options: SyscountOptions): string {
  const out: string[] = [];
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = WHEN.exec(lines[i]!);
    if (m === null) {
      out.push(lines[i]!);
      continue;
    }
    const kept = holds(m[2]!, options);
    if (m[1]!.trim().length > 0) {
      if (kept) out.push(m[1]!);
      continue;
    }
    // A marker alone: the probe that follows, to its closing brace at the start of a line.
    if (kept) continue;
    while (i + 1 < lines.length && lines[i + 1] !== '}') i++;
    i++;
    if (lines[i + 1] === '') i++;
  }
  return out.join('\n');
}

/** `printf("SYSCALLS\t0 read 1 write ...\n");`: the program prints the names once, and the parser names the numbers with them. */
export function namesStatement(names: ReadonlyMap<number, string>, indent: string): string {
  const pairs = [...names]
    .filter(([, name]) => NAME.test(name))
    .sort((a, b) => a[0] - b[0])
    .map(([nr, name]) => `${nr} ${name}`);
  return `${indent}printf("SYSCALLS\\t${pairs.join(' ')}\\n");`;
}

/** The generated program with syscount's markers filled: names, interval, and the lines its options keep. */
export function fillSyscountProgram(program: string, options: SyscountOptions, names: ReadonlyMap<number, string>): string {
  return keepWhen(program, options)
    .replace(NAMES_SLOT, (_line, indent: string) => namesStatement(names, indent))
    .replace(INTERVAL_PROBE, `interval:s:${options.interval}`);
}
