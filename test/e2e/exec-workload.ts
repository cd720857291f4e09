// A known process for execsnoop: named uniquely, it forks one child per exec it was given (50 that run, 10 that fail) and reports each child's pid and errno.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitingWorkload } from './waiting-workload.js';

/** One exec: the path and argv (bytes: an argument may hold any byte but NUL). */
export interface ExecCall {
  path: Buffer;
  argv: Buffer[];
}

/** What the child got: its pid, and the errno of a failed exec (0 when the program ran: /bin/true exits 0). */
export interface ExecResult {
  pid: number;
  errno: number;
}

export interface ExecWorkload {
  /** The spawner's pid: every exec's parent. */
  pid: number;
  /** Its task name, which is also the name of the program the 50 run (a link to /bin/true). */
  name: string;
  calls: ExecCall[];
  /** Tells it to exec; resolves with what each child got, in the order of calls, once it has exited. */
  go(): Promise<ExecResult[]>;
  /** Ends it if it still runs and removes its files. */
  remove(): void;
}

/** Reads the calls as hex, forks a child for each, and reports [pid, errno] for each as JSON. */
const SPAWNER = `
import ctypes, json, os, sys
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
calls = json.loads(sys.argv[2])
print("waiting", flush=True)
sys.stdin.readline()
results = []
for path, argv in calls:
    pid = os.fork()
    if pid == 0:
        try: os.execv(bytes.fromhex(path), [bytes.fromhex(a) for a in argv])
        except OSError as e: os._exit(e.errno)
    _, status = os.waitpid(pid, 0)
    results.append([pid, os.waitstatus_to_exitcode(status)])
print(json.dumps(results), flush=True)
`;

export const RUNS = 50;
export const MISSING = 5;
export const NOT_EXECUTABLE = 5;

/** Starts it and resolves once it waits to be told: the probes can be started with its pid and name first. */
export async function startExecWorkload(): Promise<ExecWorkload> {
  return startSpawner('pctl-x', (program, dir) => {
    const plain = join(dir, 'not-executable');
    writeFileSync(plain, 'not a program\n');
    chmodSync(plain, 0o644);
    const arg = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
    return [
      ...Array.from({ length: RUNS }, (_, i) => ({
        path: Buffer.from(program),
        argv: [Buffer.from(program), arg(`arg ${i} with spaces`), arg(`say "hi" 'there'`), arg('byte ', Buffer.from([0xff]), ` ${i}`), arg('')],
      })),
      ...Array.from({ length: MISSING }, (_, i) => ({ path: Buffer.from(join(dir, 'missing')), argv: [Buffer.from(join(dir, 'missing')), arg(`m ${i}`)] })),
      ...Array.from({ length: NOT_EXECUTABLE }, (_, i) => ({ path: Buffer.from(plain), argv: [Buffer.from(plain), arg(`"p" ${i}`)] })),
    ];
  });
}

/**
 * Starts a spawner that makes the calls callsFor gives, once told, and resolves once it waits. The spawner's task name
 * is prefix and six hex digits, and so is program, a link to /bin/true in a folder of its own (dir, where callsFor may
 * add files), removed with it.
 */
export async function startSpawner(prefix: string, callsFor: (program: string, dir: string) => ExecCall[]): Promise<ExecWorkload> {
  const name = `${prefix}${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'pctl-e2e-exec-'));
  const program = join(dir, name);
  symlinkSync('/bin/true', program);
  const calls = callsFor(program, dir);
  const hex = JSON.stringify(calls.map((c) => [c.path.toString('hex'), c.argv.map((a) => a.toString('hex'))]));
  const child = spawn('python3', ['-c', SPAWNER, name, hex], { stdio: ['pipe', 'pipe', 'pipe'] });
  const workload = await waitingWorkload(child, dir, 'exec workload');
  return {
    pid: workload.pid,
    name,
    calls,
    remove: workload.remove,
    async go() {
      const results = JSON.parse(await workload.go()) as [number, number][];
      return results.map(([pid, errno]) => ({ pid, errno }));
    },
  };
}
