// clang, which builds BPF objects (the XDP test and XDP programs): where it is and its version.
import { howItEnded, oneShot } from '../core/one-shot.js';
import { findExecutable } from './executables.js';
import type { Check } from './facts.js';
import { installClang } from './install-remedies.js';
import type { PendingOffers } from './packages.js';

/** "Debian clang version 14.0.6" → "14.0.6". */
export function parseClangVersion(text: string): string | undefined {
  return /clang version (\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
}

export async function clangCheck(dirs: readonly string[], timeoutMs: number, packages?: PendingOffers): Promise<{ path?: string; check: Check }> {
  const path = await findExecutable('clang', dirs);
  if (path === undefined)
    return { check: { ok: false, detail: 'clang is not installed (needed to build XDP programs)', remedy: installClang(await packages) } };
  const result = await oneShot([path, '--version'], { timeoutMs });
  const version = parseClangVersion(result.stdout);
  if (version === undefined)
    return {
      path,
      check: { ok: false, detail: `${path} --version did not answer with a version (${howItEnded(result)})`, remedy: installClang(await packages) },
    };
  return { path, check: { ok: true, detail: `${path} ${version}` } };
}
