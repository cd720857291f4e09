// A runbook named by file, or by the name of one bundled with probectl (workload-stalled is runbooks/workload-stalled.yaml).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../plan/package-root.js';

const bundledDir = () => join(packageRoot(), 'runbooks');

export function runbookFile(fileOrName: string): string {
  if (existsSync(fileOrName) || !/^[A-Za-z0-9_-]+$/.test(fileOrName)) return fileOrName;
  const bundled = join(bundledDir(), `${fileOrName}.yaml`);
  return existsSync(bundled) ? bundled : fileOrName;
}

/** The names of the runbooks bundled with probectl, sorted. */
export function bundledRunbooks(): string[] {
  try {
    return readdirSync(bundledDir())
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
  } catch {
    return [];
  }
}
