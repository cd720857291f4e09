// Finds the project's recordings, for the tests that replay or mine them.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every recordings/<probe>/<case> directory. */
export function recordingDirs(): string[] {
  const base = join(repoRoot, 'recordings');
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((probe) => readdirSync(join(base, probe.name), { withFileTypes: true }).filter((d) => d.isDirectory()).map((c) => join(base, probe.name, c.name)))
    .sort();
}
