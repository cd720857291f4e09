// tracefs and debugfs: where they are mounted (from /proc/self/mounts) and what is missing.
import { readFile } from 'node:fs/promises';
import type { Check } from './facts.js';

export interface MountEntry {
  fstype: string;
  target: string;
}

/** The pseudo file systems the tools need, at the places they look for them. */
export const wantedMounts = [
  { fstype: 'tracefs', target: '/sys/kernel/tracing' },
  { fstype: 'debugfs', target: '/sys/kernel/debug' },
] as const;
export type WantedFs = (typeof wantedMounts)[number]['fstype'];

/** Entries of a mounts table (/proc/self/mounts); octal escapes such as \040 decoded. */
export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [, target, fstype] = line.split(' ');
    if (target === undefined || fstype === undefined) continue;
    entries.push({ fstype, target: target.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))) });
  }
  return entries;
}

export async function readMounts(file = '/proc/self/mounts'): Promise<MountEntry[]> {
  return parseMounts(await readFile(file, 'utf8').catch(() => ''));
}

/** The wanted mounts that are absent from the table. */
export function missingMounts(mounts: readonly MountEntry[]): { fstype: WantedFs; target: string }[] {
  return wantedMounts.filter((want) => !mounts.some((m) => m.fstype === want.fstype && m.target === want.target));
}

/** Whether fstype is mounted where the tools look for it; the detail lists every place it is mounted. */
export function mountCheck(fstype: WantedFs, mounts: readonly MountEntry[]): Check {
  const want = wantedMounts.find((w) => w.fstype === fstype)!;
  const places = mounts.filter((m) => m.fstype === fstype).map((m) => m.target);
  const ok = places.includes(want.target);
  const detail = places.length === 0 ? `${fstype} is not mounted` : `mounted on ${places.join(', ')}`;
  if (ok) return { ok, detail };
  return { ok, detail: `${detail} (not on ${want.target})`, remedy: `run 'probectl doctor --fix' as root, or: mount -t ${fstype} ${fstype} ${want.target}` };
}

/** The tracefs directory that is mounted, preferring the modern place; undefined when none is. */
export function tracefsDir(mounts: readonly MountEntry[]): string | undefined {
  const places = mounts.filter((m) => m.fstype === 'tracefs').map((m) => m.target);
  return ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'].find((dir) => places.includes(dir)) ?? places[0];
}
