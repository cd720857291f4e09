// The Python the baselines run: the interpreter `python3` names, resolved once. A version manager's `python3` may be a
// shim (pyenv's is a shell script that picks the interpreter at every start, about 0.25 s here, measured with
// `python3 -c 0`), which would be timed as the Python reader's own work.
import { execFileSync } from 'node:child_process';

let resolved: string | undefined;

/** The interpreter's absolute path (sys.executable of `python3`). */
export function python(): string {
  resolved ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return resolved;
}
