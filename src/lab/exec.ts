// Runs the lab's commands (ip, nft) with a time limit; a failure carries the command line and what it printed on stderr.
import { execFile } from 'node:child_process';

export class CommandFailed extends Error {
  constructor(
    readonly argv: readonly string[],
    /** The command's stderr, trimmed; or the spawn error (ENOENT when it is not installed). */
    readonly detail: string,
    readonly errno?: string,
  ) {
    super(`${argv.join(' ')}: ${detail}`);
    this.name = 'CommandFailed';
  }
}

/** Runs argv and resolves with its stdout; rejects with CommandFailed. */
export function run(argv: readonly string[], timeoutMs = 10_000): Promise<string> {
  const [command = '', ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      const detail = stderr.trim() || (typeof code === 'string' ? error.message : `exit status ${String(code ?? error.signal)}`);
      reject(new CommandFailed(argv, detail, typeof code === 'string' ? code : undefined));
    });
  });
}

/** argv run inside a network namespace. */
export const inNetns = (netns: string, argv: readonly string[], timeoutMs?: number): Promise<string> => run(['ip', 'netns', 'exec', netns, ...argv], timeoutMs);
