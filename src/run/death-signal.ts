// Probes die with probectl: each child is started with a parent-death signal, SIGTERM (by probectl's launcher, launcher.ts, else by `setpriv --pdeathsig`), so a SIGKILLed probectl takes its probes along.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Why: every probe runs in a session and process group of its own (so that stop signals reach all it starts, and a
 * terminal's Ctrl-C reaches probectl alone). probectl stops them on every exit it sees: its own stop, SIGINT, SIGTERM,
 * SIGHUP, an uncaught error (process 'exit'). SIGKILL (the OOM killer, `kill -9`, a supervisor's timeout) gives it no
 * chance: the probes would run on, still attached, their output going nowhere. PR_SET_PDEATHSIG asks the kernel to
 * signal the child when its parent dies; probectl's launcher (native/launcher.c), or setpriv (util-linux 2.33+) where
 * the launcher is not built, sets it and then execs the tool, which keeps it.
 *
 * - SIGTERM, not SIGKILL: bpftrace prints its maps and detaches, libbpf-tools and BCC tools end at its default action;
 *   their BPF programs go with their file descriptors either way. SIGINT stays at its default disposition: neither the
 *   launcher nor setpriv changes a signal disposition, and libuv has reset them all in the child before they run.
 * - The "parent" is the thread that forked the child. child_process.spawn forks synchronously on the thread that
 *   calls it, which is probectl's main JavaScript thread (the process's first thread, alive until the process ends).
 *   A library user who calls run() inside a worker_thread ties the probes to that worker: they get SIGTERM when the
 *   worker ends, which is also when nothing is left to read their output.
 * - Not covered: through setpriv, a probectl killed in the few milliseconds between the fork and the prctl() (the
 *   launcher checks its parent is still probectl after it, and ends the tool if not); a tool that is
 *   set-user-ID or has file capabilities (exec clears the death signal then); the tool's own children: only the tool
 *   gets the signal (the stop that signals its whole process group needs a living probectl).
 */
export const DEATH_SIGNAL = 'SIGTERM';

let setpriv: string | null | undefined;

/** An executable file of this name in PATH's directories (or the path itself when it has a slash). */
export function findOnPath(command: string, path: string | undefined): string | undefined {
  const candidates = command.includes('/')
    ? [command]
    : (path ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, command));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** setpriv's path when it sets a parent-death signal here (tried once, by running `setpriv --pdeathsig SIGTERM -- true`); null when not. */
export function deathSignalSetter(): string | null {
  if (setpriv !== undefined) return setpriv;
  const found = findOnPath('setpriv', `${process.env.PATH ?? ''}${delimiter}/usr/bin${delimiter}/bin`);
  const works = found !== undefined && spawnSync(found, ['--pdeathsig', DEATH_SIGNAL, '--', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  setpriv = works ? found : null;
  return setpriv;
}

/**
 * The argv to spawn: prefixed with setpriv where it can set the death signal and the command exists (a missing
 * command is left to fail at spawn with ENOENT, as it would without setpriv).
 */
export function withDeathSignal(argv: readonly string[], env: NodeJS.ProcessEnv, setter: string | null = deathSignalSetter()): readonly string[] {
  const [command] = argv;
  if (setter === null || command === undefined || findOnPath(command, env.PATH) === undefined) return argv;
  return [setter, '--pdeathsig', DEATH_SIGNAL, '--', ...argv];
}
