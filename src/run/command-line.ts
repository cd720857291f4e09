// A command as a shell line a user can copy: environment first, each word quoted only where it must be.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export const shellWord = (word: string): string => (SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

export function commandLine(argv: readonly string[], env: Record<string, string> = {}): string {
  return [...Object.entries(env).map(([k, v]) => `${k}=${shellWord(v)}`), ...argv.map(shellWord)].join(' ');
}

/** The same, one line long: a multi-line word (a bpftrace program) is cut to its first line and a count. */
export function commandSummary(argv: readonly string[], env: Record<string, string> = {}): string {
  const short = argv.map((word) => {
    const lines = word.split('\n');
    return lines.length <= 1 ? word : `${lines[0]} …(${lines.length} lines; --dry-run prints them)`;
  });
  return commandLine(short, env);
}
