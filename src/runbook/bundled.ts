// A runbook named by file, or by the name of one bundled with probectl (workload-stalled is runbooks/workload-stalled.yaml).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../plan/package-root.js';

export function runbookFile(fileOrName: string): string {
  if (existsSync(fileOrName) || !/^[A-Za-z0-9_-]+$/.test(fileOrName)) return fileOrName;
  const bundled = join(packageRoot(), 'runbooks', `${fileOrName}.yaml`);
  return existsSync(bundled) ? bundled : fileOrName;
}
