// The command line the benchmarks run: the bundle users run (dist/cli/main.js, npm run build), not the modules tsc writes,
// started as its bin is: node with the flags of its #! line.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');

/** node's flags on a command line's `#!` line (`#!/usr/bin/env -S node FLAGS`), none for `#!/usr/bin/env node` or no `#!`. */
export function binFlags(file: string): string[] {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0]!;
  const words = first.startsWith('#!') ? first.slice(2).trim().split(/\s+/) : [];
  const node = words.indexOf('node');
  return node < 0 ? [] : words.slice(node + 1);
}

/** The argv that runs a command line (this build's by default) as its bin runs: this node, the `#!` line's flags, the file. */
export const cliArgv = (file = cli): string[] => [process.execPath, ...binFlags(file), file];

/** cliArgv as one shell command, for bench/measure.ts (which warms node and the bundle's files, named by their paths). */
export const cliCommand = (file = cli): string => cliArgv(file).join(' ');
