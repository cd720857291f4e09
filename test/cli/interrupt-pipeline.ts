// A shell pipeline `WRITER | probectl ARGS` in a process group of its own, sent SIGINT as a terminal's Ctrl-C sends it: to the whole group.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupMembers } from '../../src/run/stop.js';
import { repoRoot } from '../recordings.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');

export interface PipelineEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `WRITER | probectl ARGS` under bash (which reports probectl's exit) in a process group of its own, and
 * sends SIGINT to the whole group (times: one SIGINT each, 400 ms apart) once ready() holds, or by default
 * once the writer has printed "ready" on stderr and probectl sits idle waiting for more.
 */
export async function interruptPipeline(
  writerCommand: string,
  args: string[],
  options: { times?: number; ready?: (stdout: string, stderr: string) => boolean } = {},
): Promise<PipelineEnd> {
  const command = `${writerCommand} | '${process.execPath}' '${MAIN}' ${args.join(' ')}`;
  const shell = spawn('bash', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  shell.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  shell.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const ended = new Promise<PipelineEnd>((resolve) => shell.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  try {
    // By default: probectl has loaded and its CPU time stands still for 300 ms (node catches SIGINT from its
    // start, so its signal mask tells nothing).
    const deadline = Date.now() + 30_000;
    let idle = { ticks: -1, since: Date.now() };
    for (;;) {
      assert.ok(Date.now() < deadline, `the pipeline did not get ready: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
      if (options.ready !== undefined) {
        if (options.ready(stdout, stderr)) break;
        continue;
      }
      const pid = probectlPid(shell.pid!);
      const ticks = pid === undefined ? undefined : cpuTicks(pid);
      if (!stderr.includes('ready') || ticks === undefined || ticks === 0) continue;
      if (ticks !== idle.ticks) idle = { ticks, since: Date.now() };
      else if (Date.now() - idle.since >= 300) break;
    }
    for (let i = 0; i < (options.times ?? 1); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 400));
      process.kill(-shell.pid!, 'SIGINT');
    }
    const timeout = setTimeout(() => process.kill(-shell.pid!, 'SIGKILL'), 10_000);
    const end = await ended;
    clearTimeout(timeout);
    return end;
  } finally {
    try {
      process.kill(-shell.pid!, 'SIGKILL'); // whatever is left of the group, when the test failed half-way
    } catch {}
  }
}

/** probectl's pid in the group: node itself, not the shell whose command line names it. */
function probectlPid(pgid: number): number | undefined {
  return groupMembers(pgid).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === MAIN;
    } catch {
      return false;
    }
  });
}

/** CPU ticks a process has used (utime + stime); undefined once it is gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
