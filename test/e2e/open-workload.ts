// A known process for opensnoop: as user nobody, named pctl-e2e-open, it opens a readable file, a missing one and a root-only one when told to.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitingWorkload } from './waiting-workload.js';

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
  const workload = await waitingWorkload(child, dir, 'open workload');
  return { pid: workload.pid, remove: workload.remove, go: async () => JSON.parse(await workload.go()) as OpenResult[] };
}
