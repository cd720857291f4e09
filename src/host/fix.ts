// doctor --fix: mounts tracefs and debugfs where the tools look for them, when they are missing; nothing else.
import { howItEnded, oneShot } from '../core/one-shot.js';
import { findExecutable, searchDirs } from './executables.js';
import { missingMounts, readMounts } from './mounts.js';

export interface MountFix {
  fstype: string;
  target: string;
  done: boolean;
  /** What was done, or why it could not be. */
  message: string;
}

export async function fixMounts(timeoutMs = 5000): Promise<MountFix[]> {
  const fixes: MountFix[] = [];
  const mount = (await findExecutable('mount', searchDirs())) ?? 'mount';
  for (const { fstype, target } of missingMounts(await readMounts())) {
    const command = `mount -t ${fstype} ${fstype} ${target}`;
    const result = await oneShot([mount, '-t', fstype, fstype, target], { timeoutMs });
    if (result.code === 0) {
      fixes.push({ fstype, target, done: true, message: `mounted ${fstype} on ${target} (${command})` });
      continue;
    }
    const why = result.stderr.trim() || howItEnded(result);
    const remedy =
      process.getuid?.() === 0 ? 'check that the kernel has this file system (grep ' + fstype + ' /proc/filesystems)' : "run 'sudo probectl doctor --fix'";
    fixes.push({ fstype, target, done: false, message: `could not mount ${fstype} on ${target}: ${why}; ${remedy}` });
  }
  return fixes;
}
