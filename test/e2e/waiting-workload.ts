// A workload process that prints "waiting" and waits for a line on stdin before it acts: started here, told to go once the probe is ready.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface WaitingWorkload {
  pid: number;
  /** Kills it and removes its directory. */
  remove(): void;
  /** Tells it to go, waits for it to exit 0 and gives what it printed after its "waiting" line. */
  go(): Promise<string>;
}

/** Resolves once child has printed "waiting"; on a failure to start, kills it and removes dir. */
export async function waitingWorkload(child: ChildProcessWithoutNullStreams, dir: string, what: string): Promise<WaitingWorkload> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const remove = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${what} did not start: ${stderr}`)), 10_000);
    child.stdout.on('data', () => stdout.includes('waiting\n') && (clearTimeout(timer), resolve()));
    void closed.then((code) => (clearTimeout(timer), reject(new Error(`the ${what} ended (${code}) before it started: ${stderr}`))));
  }).catch((error: unknown) => {
    remove();
    throw error;
  });
  return {
    pid: child.pid!,
    remove,
    async go() {
      child.stdin.end('go\n');
      const code = await closed;
      if (code !== 0) throw new Error(`the ${what} ended with ${code}: ${stderr}`);
      return stdout.slice(stdout.indexOf('\n') + 1);
    },
  };
}
