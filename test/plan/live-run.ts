// Runs a plan for real in a live test: starts it, waits for its ready line, runs a workload, stops it with SIGINT (and SIGTERM for a bpftrace that forgets it) and parses what it printed.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { ProbeEvent } from '../../src/events/index.js';
import type { ProbePlan } from '../../src/plan/plan.js';
import { toolParser } from '../../src/probes/registry.js';
import { termWhileForgetting } from '../../src/run/stop.js';
import { parseText } from '../helpers.js';

export interface LiveRun {
  stdout: string;
  stderr: string;
  events: ProbeEvent[];
  /** The kernel's count of runs of the backend's BPF programs it skipped (another BPF program was running on that CPU), read just before the stop; undefined when it had already ended. */
  recursionMisses: number | undefined;
}

/** The sum of `recursion_misses` over the BPF programs the process holds open, from /proc/PID/fdinfo; undefined once it ended. */
export function recursionMisses(pid: number): number | undefined {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  let misses = 0;
  for (const fd of fds) {
    try {
      if (!readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('bpf-prog')) continue;
      misses += Number(/^recursion_misses:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? 0);
    } catch {
      // closed meanwhile
    }
  }
  return misses;
}

/** Starts the plan; resolves once its ready line appeared, with a stop() that ends it and returns what it printed. */
export async function startPlan(plan: ProbePlan, readyTimeoutMs = 30_000): Promise<{ stop(): Promise<LiveRun> }> {
  const child = spawn(plan.argv[0]!, plan.argv.slice(1), { env: { ...process.env, ...plan.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let isEnded = false;
  const ended = new Promise<void>((resolve) => child.on('close', () => ((isEnded = true), resolve())));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${plan.probe} not ready after ${readyTimeoutMs} ms: ${stderr}`)), readyTimeoutMs);
    const check = () => {
      if (plan.ready.test(stdout) || plan.ready.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    void ended.then(() => {
      clearTimeout(timer);
      reject(new Error(`${plan.probe} ended before it was ready: ${stderr}`));
    });
  });
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 500)); // the last events reach the perf buffer reader
      const misses = recursionMisses(child.pid!);
      child.kill('SIGINT');
      if (plan.backend === 'bpftrace') void termWhileForgetting(child.pid!, () => isEnded);
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await ended;
      clearTimeout(kill);
      return { stdout, stderr, events: parseText(toolParser(plan.parser)!, stdout, { stderr }), recursionMisses: misses };
    },
  };
}
