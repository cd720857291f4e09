// Finds probectl's package root (where scripts-bt/ ships) from wherever this module was loaded.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The nearest directory above this module holding probectl's package.json. */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'probectl') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no probectl package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
