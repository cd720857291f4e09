// Runs the built CLI to its end, for tests of what a user sees: exit code, stdout, stderr.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../recordings.js';

export const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `probectl ARGS` from the repository's root, to its end. */
export function probectl(args: readonly string[], input = ''): CliResult {
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd: repoRoot, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
