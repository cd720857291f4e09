// Capture case for malloc: probectl's generated program on a program that makes 1000 mallocs of 48 bytes in hold_blocks() and frees 300, then exits.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processLibc } from '../../../src/probes/malloc/libc.js';
import { MALLOC_READY, mallocProgram } from '../../../src/probes/malloc/program.js';
import type { CaptureCase } from '../capture-case.js';

let workload: ChildProcess | undefined;

/** Compiles the live test's workload and starts it waiting on stdin: the program is made for its pid. */
function programForWorkload(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pctl-malloc-'));
  const binary = join(dir, 'malloc-workload');
  execFileSync('gcc', ['-O1', '-fno-omit-frame-pointer', '-o', binary, join('test', 'e2e', 'malloc-workload.c')]);
  workload = spawn(binary, ['1000', '300', '48', '1500'], { stdio: ['pipe', 'ignore', 'inherit'] });
  // Its dynamic loader maps libc a moment after the exec.
  let libc = processLibc(workload.pid!);
  for (let i = 0; i < 100 && !('found' in libc); i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    libc = processLibc(workload.pid!);
  }
  if (!('found' in libc)) throw new Error('the workload has no libc mapped');
  const program = mallocProgram({
    libc: libc.found.path,
    pid: workload.pid!,
    functions: libc.found.functions,
    intervalMs: 1000,
    minAgeMs: 0,
    maxAllocations: 65536,
    top: 10,
  });
  return ['bpftrace', '-e', program];
}

export const mallocCases: CaptureCase[] = [
  {
    probe: 'malloc',
    name: 'probectl',
    parser: 'malloc',
    impl: 'bpftrace',
    tool: 'probectl-malloc.bt',
    argv: programForWorkload,
    ready: new RegExp(`^${MALLOC_READY}$`, 'm'),
    durationMs: 4000,
    note: "probectl's generated program as `probectl run malloc --pid PID` runs it, on test/e2e/malloc-workload.c; the program ends when the process exits.",
    workload: {
      describe: 'test/e2e/malloc-workload.c made 1000 mallocs of 48 bytes in hold_blocks() and freed the first 300, stayed 1.5 s, and exited.',
      async run() {
        const child = workload!;
        const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
        child.stdin!.end('g');
        await exited;
        return undefined;
      },
    },
  },
];
