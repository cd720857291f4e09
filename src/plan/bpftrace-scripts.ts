// Reads probectl's own bpftrace programs from scripts-bt/: the tracepoint variant, or the kprobe one in scripts-bt/kprobe/.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ProbectlError } from '../core/errors.js';
import { packageRoot } from './package-root.js';

export type ScriptVariant = 'tracepoint' | 'kprobe';

export function scriptPath(name: string, variant: ScriptVariant): string {
  return join(packageRoot(), 'scripts-bt', ...(variant === 'kprobe' ? ['kprobe'] : []), `${name}.bt`);
}

/** The script's path as shown to users: scripts-bt/kprobe/<probe>.bt. */
export function scriptName(name: string, variant: ScriptVariant): string {
  return relative(packageRoot(), scriptPath(name, variant));
}

export function readScript(name: string, variant: ScriptVariant): string {
  const path = scriptPath(name, variant);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ProbectlError(
      'NO_BACKEND',
      `probectl's bpftrace program ${path} cannot be read: ${(error as Error).message}`,
      'Reinstall probectl: the package ships scripts-bt/.',
      { cause: error },
    );
  }
}
