// A known process for opensnoop: as user nobody, named pctl-e2e-open, it opens a readable file, a missing one and a root-only one when told to.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WORKLOAD_COMM = 'pctl-e2e-open';
export const NOBODY = 65534;

/** What the process itself got from each open: the fd, or -1 and the errno. */
export interface OpenResult {
  path: string;
  fd: number;
  errno: number;
}

export interface OpenWorkload {
  pid: number;
  /** Tells it to open its files; resolves with what it got, once it has exited. */
  go(): Promise<OpenResult[]>;
  /** Ends it if it still runs and removes its files. */
  remove(): void;
}

const SCRIPT = `
process.title = ${JSON.stringify(WORKLOAD_COMM)};
const fs = require('node:fs');
const { errno } = require('node:os').constants;
process.stdout.write('waiting\\n');
process.stdin.once('data', () => {
  const results = ['readable', 'absent', 'secret'].map((name) => {
    const path = process.argv[1] + '/' + name;
    try { const fd = fs.openSync(path, 'r'); fs.closeSync(fd); return { path, fd, errno: 0 }; }
    catch (e) { return { path, fd: -1, errno: errno[e.code] }; }
  });
  process.stdout.write(JSON.stringify(results) + '\\n');
  process.exit(0);
});`;

/** Starts it (as nobody through setpriv, so that the root-only file is refused) and resolves once it waits to be told. */
export async function startOpenWorkload(): Promise<OpenWorkload> {
  const dir = mkdtempSync(join(tmpdir(), 'pctl-e2e-open-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'readable'), 'for everyone\n', { mode: 0o644 });
  writeFileSync(join(dir, 'secret'), 'for root only\n', { mode: 0o600 });
  const argv = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', process.execPath, '-e', SCRIPT, dir];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
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
    const timer = setTimeout(() => reject(new Error(`the open workload did not start: ${stderr}`)), 10_000);
    child.stdout.on('data', () => stdout.includes('waiting\n') && (clearTimeout(timer), resolve()));
    void closed.then((code) => (clearTimeout(timer), reject(new Error(`the open workload ended (${code}) before it started: ${stderr}`))));
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
      if (code !== 0) throw new Error(`the open workload ended with ${code}: ${stderr}`);
      return JSON.parse(stdout.slice(stdout.indexOf('\n') + 1)) as OpenResult[];
    },
  };
}
