// Backends start through probectl's native launcher (native/launcher.c): a large stdout buffer and the parent-death signal, in one exec.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../core/make-directory.js';
import { packageRoot } from '../plan/package-root.js';
import { DEATH_SIGNAL, findOnPath, withDeathSignal } from './death-signal.js';

/**
 * Why: a backend writes each event line with its own write() to the socket pair probectl reads its stdout through,
 * and the kernel charges every write 768 bytes of the socket's send buffer for a 61-byte line: the default 208 KiB holds
 * 278 lines, so a backend blocked in write() as soon as probectl fell 7 ms behind at 40,000 events/s; blocked, it does
 * not drain its perf buffers, and the kernel drops events (docs/performance.md, "The backend's stdout"). 32 MiB holds
 * 43,691 such lines, a second of a storm that saturates bpftrace: probectl catches up meanwhile, many lines a read.
 * The kernel holds at most that much per probe, and only while probectl is behind.
 */
export const STDOUT_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * Where a launcher that ran is remembered for this boot (tmpfs: gone at reboot), one empty file per build of it, named
 * by its inode, size and mtime: checking it spawns the launcher, some 10 ms of every `run`'s start (node forks itself).
 */
export const LAUNCHER_KEPT_DIR = '/run/probectl/launcher';

let launcher: string | null | undefined;

/** dist/native/launcher when `npm run build:native` built it and it runs here (tried once per boot and build); null when not. */
export function nativeLauncher(): string | null {
  launcher ??= workingLauncher(join(packageRoot(), 'dist', 'native', 'launcher'), LAUNCHER_KEPT_DIR);
  return launcher;
}

/**
 * `file` when it runs here: known from `keptDir` if this build of it ran before in this boot, else run once (and
 * remembered there when the directory can be written: as root).
 */
export function workingLauncher(file: string, keptDir: string): string | null {
  let kept: string;
  try {
    accessSync(file, constants.X_OK);
    const stat = statSync(file);
    kept = join(keptDir, `${stat.ino}-${stat.size}-${stat.mtimeMs}`);
  } catch {
    return null;
  }
  if (existsSync(kept)) return file;
  let works = false;
  try {
    works = spawnSync(file, ['--print-stdout-buffer'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  } catch {}
  if (!works) return null;
  try {
    makeDirectory(keptDir, 0o700);
    writeFileSync(kept, '');
  } catch {} // not root: checked again next time
  return file;
}

/**
 * The argv to spawn a backend with: through the native launcher where it is built (the pid stays the backend's, which
 * it execs), else through setpriv alone (death signal, default stdout buffer). A command that does not exist is left
 * to fail at spawn with ENOENT.
 */
export function launchArgv(argv: readonly string[], env: NodeJS.ProcessEnv, found: string | null = nativeLauncher()): readonly string[] {
  const [command] = argv;
  if (found === null) return withDeathSignal(argv, env);
  if (command === undefined || findOnPath(command, env.PATH) === undefined) return argv;
  return [found, '--pdeathsig', DEATH_SIGNAL, '--parent', String(process.pid), '--stdout-buffer', String(STDOUT_BUFFER_BYTES), '--', ...argv];
}
