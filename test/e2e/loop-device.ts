// A loop device over a file in /tmp for live block I/O tests, its counters in /proc/diskstats, and direct writes to it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface LoopDevice {
  /** /dev/loopN */
  path: string;
  /** loopN, its name in /proc/diskstats */
  name: string;
  /** Detaches the device and removes its file; safe to call twice, and after a failed start. */
  remove(): void;
}

/** Attaches a loop device over a new file of `mib` MiB in /tmp; removes the file again if attaching fails. */
export function createLoopDevice(mib = 16): LoopDevice {
  const dir = mkdtempSync(join(tmpdir(), 'pctl-bio-'));
  const file = join(dir, 'disk.img');
  let path: string | undefined;
  const remove = () => {
    if (path !== undefined) {
      try {
        execFileSync('losetup', ['-d', path], { stdio: 'ignore' });
      } catch {
        // already detached
      }
      path = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeFileSync(file, Buffer.alloc(mib * 1024 * 1024));
    path = execFileSync('losetup', ['-f', '--show', file], { encoding: 'utf8' }).trim();
    // udev may read the new device (blkid): let it finish before anyone counts its I/O.
    try {
      execFileSync('udevadm', ['settle', '--timeout=5'], { stdio: 'ignore' });
    } catch {
      // no udev here: nothing reads the device behind the test's back
    }
    const attached = path;
    return { path: attached, name: basename(attached), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

export interface DiskCounters {
  readsCompleted: number;
  writesCompleted: number;
  flushesCompleted: number;
}

/** The device's line of /proc/diskstats: fields 4 (reads completed), 8 (writes completed) and 15 (flushes completed), counting from 1. */
export function diskCounters(name: string): DiskCounters {
  const line = readFileSync('/proc/diskstats', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((fields) => fields[2] === name);
  if (line === undefined) throw new Error(`${name} is not in /proc/diskstats`);
  return { readsCompleted: Number(line[3]), writesCompleted: Number(line[7]), flushesCompleted: Number(line[14] ?? 0) };
}

/** `count` writes of 4 KiB with O_DIRECT (dd oflag=direct), each a request of its own that completes before the next. */
export function writeDirect(path: string, count: number): void {
  execFileSync('dd', ['if=/dev/zero', `of=${path}`, 'oflag=direct', 'bs=4k', `count=${count}`], { stdio: 'ignore' });
}
