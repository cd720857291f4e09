// Backends start through probectl's native launcher (native/launcher.c): a stdout that does not block them and the parent-death signal, in one exec.
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
 * The kernel holds at most that much per probe, and only while probectl is behind. Where probectl can make a FIFO (as
 * root) the backend writes into a pipe instead, which costs it less a line (stdout-fifo.ts); the launcher asks the same
 * size for it, and gets at most fs.pipe-max-size (1 MiB by default) without CAP_SYS_RESOURCE.
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

/** How a backend is spawned: its argv, and the FIFO the launcher is to put on its stdout, if any (stdout-fifo.ts). */
export interface Launch {
  argv: readonly string[];
  stdoutFifo?: string;
  /** Through the launcher, which asks a large buffer for the backend's stdout (STDOUT_BUFFER_BYTES; a pipe gets at most fs.pipe-max-size, 1 MiB by default). */
  largeStdout: boolean;
}

/**
 * How to spawn a backend: through the native launcher where it is built (the pid stays the backend's, which it execs),
 * with its stdout on a FIFO at `fifo` when one is given; else through setpriv alone (death signal, the socket pair
 * with its default buffer). A command that does not exist is left to fail at spawn with ENOENT.
 */
export function launch(argv: readonly string[], env: NodeJS.ProcessEnv, found: string | null = nativeLauncher(), fifo?: () => string | undefined): Launch {
  const [command] = argv;
  if (found === null) return { argv: withDeathSignal(argv, env), largeStdout: false };
  if (command === undefined || findOnPath(command, env.PATH) === undefined) return { argv, largeStdout: false };
  const stdoutFifo = fifo?.();
  const options = ['--pdeathsig', DEATH_SIGNAL, '--parent', String(process.pid), '--stdout-buffer', String(STDOUT_BUFFER_BYTES)];
  if (stdoutFifo === undefined) return { argv: [found, ...options, '--', ...argv], largeStdout: true };
  return { argv: [found, ...options, '--stdout-fifo', stdoutFifo, '--', ...argv], stdoutFifo, largeStdout: true };
}
