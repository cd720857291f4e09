// Kernel headers for BCC: absent, for this kernel, or for another one (which makes struct reads wrong).
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export type HeadersState = 'missing' | 'match' | 'mismatch';

export interface HeadersFinding {
  state: HeadersState;
  /** /lib/modules/<release>/build */
  dir: string;
  /** The kernel release the headers are for, when it could be told. */
  version?: string;
}

/** The release in include/generated/utsrelease.h: `#define UTS_RELEASE "6.1.0-56-amd64"`. */
export function utsRelease(text: string): string | undefined {
  return /^#define\s+UTS_RELEASE\s+"([^"]+)"/m.exec(text)?.[1];
}

/** The release a headers directory is named for: linux-headers-6.1.0-56-amd64, or /usr/src/kernels/<release>. */
export function releaseFromDirName(dir: string): string | undefined {
  const name = basename(dir);
  if (name === 'build' || name === 'source') return undefined;
  return name.replace(/^linux-headers-/, '');
}

/** Decides the headers state for `release` from <modulesDir>/<release>/build. */
export async function findHeaders(release: string, modulesDir = '/lib/modules'): Promise<HeadersFinding> {
  const dir = join(modulesDir, release, 'build');
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return { state: 'missing', dir };
  const uts = await readFile(join(dir, 'include/generated/utsrelease.h'), 'utf8').then(utsRelease, () => undefined);
  const version = uts ?? releaseFromDirName(await realpath(dir).catch(() => dir));
  return { state: version === release ? 'match' : 'mismatch', dir, version };
}
