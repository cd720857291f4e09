// mkdir -p in bounded steps: Node's recursive mkdir retries forever where a filesystem refuses new directories (/proc), deaf to every signal.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What a failed mkdir means, in words, with the system's code. */
export function directoryFailureReason(error: NodeJS.ErrnoException, dir: string): string {
  const code = error.code ?? 'unknown';
  const reasons: Record<string, string> = {
    ENOENT: `the filesystem holding ${dirname(dir)} does not take new directories`,
    EACCES: `permission denied in ${dirname(dir)}`,
    EPERM: `the filesystem holding ${dirname(dir)} does not allow it`,
    EROFS: `${dirname(dir)} is on a read-only filesystem`,
    ENOTDIR: `${dirname(dir)} is not a directory`,
    EEXIST: `${dir} exists and is not a directory`,
    ENOSPC: 'the disk is full',
  };
  return `${reasons[code] ?? error.message} (${code})`;
}

/**
 * Creates dir and its missing parents, one mkdir each, from the deepest that exists down: as many
 * steps as the path has parts, never a retry. Throws the failing mkdir's error, its path in `path`.
 */
export function makeDirectory(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !pathExists(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break; // the root itself is missing: mkdir says why
  }
  for (const at of missing.reverse()) mkdirSync(at, { mode });
  if (!statSync(dir).isDirectory()) mkdirSync(dir); // a file in the way: EEXIST, from mkdir itself
}

/** False only when nothing is there; a parent that is a file counts as there, so that mkdir below it says ENOTDIR. */
function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'ENOTDIR') return true;
    throw error;
  }
}
