// A known process for syscount: a C program, built at test time with gcc, that makes exactly N getppid() and M failing close(-1) calls when told.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SYSCALL_WORKLOAD_COMM = 'pctl-calls';
export const EBADF = 9;

/**
 * It waits for a line on stdin (its read() returns then), makes the calls through syscall(2) so that no libc wrapper
 * caches or adds any, checks each result, and prints how many getppid calls succeeded, how many close calls failed
 * and the last errno. Node makes system calls of its own all the time: it cannot be the counted process.
 */
export const SYSCALL_WORKLOAD_C = `/* Makes N getppid() calls and M close(-1) calls (each fails with EBADF) once a line arrives on stdin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s N M\\n", argv[0]);
    return 2;
  }
  long n = atol(argv[1]), m = atol(argv[2]), parents = 0, failed = 0;
  int last_errno = 0;
  char line[16];
  printf("waiting\\n");
  fflush(stdout);
  if (read(0, line, sizeof line) <= 0) return 1;
  for (long i = 0; i < n; i++)
    if (syscall(SYS_getppid) > 0) parents++;
  for (long i = 0; i < m; i++)
    if (syscall(SYS_close, -1) == -1) {
      failed++;
      last_errno = errno;
    }
  printf("%ld %ld %d\\n", parents, failed, last_errno);
  return 0;
}
`;

/** What the process itself got: getppid calls that returned a pid, close calls that failed, and the errno of the last one. */
export interface SyscallResult {
  getppid: number;
  failedCloses: number;
  errno: number;
}

export interface SyscallWorkload {
  pid: number;
  /** Tells it to make its calls; resolves with what it got, once it has exited. */
  go(): Promise<SyscallResult>;
  /** Ends it if it still runs and removes its directory. */
  remove(): void;
}

/** Builds the program (gcc -O2) into a new directory named for its comm; returns the binary's path. */
export function buildSyscallWorkload(): { binary: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pctl-calls-'));
  writeFileSync(join(dir, 'calls.c'), SYSCALL_WORKLOAD_C);
  const binary = join(dir, SYSCALL_WORKLOAD_COMM);
  execFileSync('gcc', ['-O2', '-o', binary, join(dir, 'calls.c')], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { binary, dir };
}

export interface SpawnedSyscallWorkload extends SyscallWorkload {
  /** Resolves once it waits to be told (rejects if it ended first or took over 10 s). */
  waiting: Promise<void>;
}

/** Builds and starts it, at once (a capture's command line needs its pid before anything async runs). */
export function spawnSyscallWorkload(getppid: number, failingCloses: number): SpawnedSyscallWorkload {
  const { binary, dir } = buildSyscallWorkload();
  const child = spawn(binary, [String(getppid), String(failingCloses)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const remove = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const waiting = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the syscall workload did not start: ${stderr}`)), 10_000);
    child.stdout.on('data', () => stdout.includes('waiting\n') && (clearTimeout(timer), resolve()));
    void closed.then((code) => (clearTimeout(timer), reject(new Error(`the syscall workload ended (${code}) before it started: ${stderr}`))));
  });
  void waiting.catch(() => {}); // its callers see the error where they await it
  return {
    pid: child.pid!,
    waiting,
    remove,
    async go() {
      await waiting;
      child.stdin.end('go\n');
      const code = await closed;
      if (code !== 0) throw new Error(`the syscall workload ended with ${code}: ${stderr}`);
      const [parents, failed, errno] = stdout
        .slice(stdout.indexOf('\n') + 1)
        .trim()
        .split(' ')
        .map(Number);
      return { getppid: parents!, failedCloses: failed!, errno: errno! };
    },
  };
}

/** Builds and starts it; resolves once it waits to be told. */
export async function startSyscallWorkload(getppid: number, failingCloses: number): Promise<SyscallWorkload> {
  const workload = spawnSyscallWorkload(getppid, failingCloses);
  await workload.waiting.catch((error: unknown) => {
    workload.remove();
    throw error;
  });
  return workload;
}
