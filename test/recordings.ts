// Finds the project's recordings, for the tests that replay or mine them.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Every recording: recordings/<probe>/<case>, and recordings/<set>/<case>/<probe> where a run of several probes keeps
 * its recordings together (as probectl run --record DIR writes them).
 */
export function recordingDirs(): string[] {
  const base = join(repoRoot, 'recordings');
  if (!existsSync(base)) return [];
  const subdirs = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(dir, d.name));
  const recordings = (dir: string): string[] =>
    existsSync(join(dir, 'meta.json')) ? [dir] : subdirs(dir).flatMap((sub) => (existsSync(join(sub, 'meta.json')) ? [sub] : []));
  return subdirs(base).flatMap(subdirs).flatMap(recordings).sort();
}
