// `probectl run` as a user starts it (node dist/cli/main.js), watched while it runs: every process it starts and every BPF program they hold.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../recordings.js';
import { programsHeldBy } from './bpf-programs.js';
import { processTable, type ProcessInfo } from './processes.js';

export const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const POLL_MS = 25;

export interface CliEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface WatchedCli {
  /** probectl's own pid. */
  pid: number;
  /** Every process seen whose parent was probectl, or in the process group one of those leads (the probes lead theirs). */
  readonly started: Map<number, ProcessInfo>;
  /** Every BPF program those processes were seen holding. */
  readonly programs: Set<number>;
  /** Resolves once this many probe.status ready events are out. */
  ready(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once stdout has printed a line matching the pattern. */
  printed(line: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once stderr has printed a line matching the pattern. */
  said(line: RegExp, timeoutMs?: number): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  /** What it has printed on stderr so far. */
  stderr(): string;
  ended: Promise<CliEnd>;
}

/** The process groups these processes lead (probectl's own group, which it shares with its caller, is not one). */
export const ledGroups = (processes: Iterable<ProcessInfo>): Set<number> => new Set([...processes].filter((p) => p.pgid === p.pid).map((p) => p.pid));

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): WatchedCli {
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const started = new Map<number, ProcessInfo>();
  const programs = new Set<number>();
  const look = () => {
    const groups = ledGroups(started.values());
    // A process is first seen between fork and exec (probectl's command line, its parent's group) and reads an empty
    // command line while it exits: keep its latest sighting that had one.
    for (const p of processTable()) {
      const known = started.get(p.pid);
      const ours = known === undefined ? p.ppid === pid || groups.has(p.pgid) : known.starttime === p.starttime; // not a reused pid
      if (ours && p.cmdline !== '') started.set(p.pid, p);
    }
    for (const p of started.values()) for (const id of programsHeldBy(p.pid)) programs.add(id);
  };
  const poll = setInterval(look, POLL_MS);
  const ended = new Promise<CliEnd>((resolve) =>
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  const waitFor = async (done: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`probectl ended before ${what}:\n${stdout}\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`probectl: not ${what} within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  const readyCount = () => (stdout.match(/"type":"probe\.status"[^\n]*"state":"ready"/g) ?? []).length;
  return {
    pid,
    started,
    programs,
    signal: (signal) => child.kill(signal),
    stderr: () => stderr,
    ended,
    async ready(count, timeoutMs = 60_000) {
      await waitFor(() => readyCount() >= count, `${count} probes ready`, timeoutMs);
      look(); // what they hold once ready
    },
    printed: (line, timeoutMs = 10_000) => waitFor(() => stdout.split('\n').some((l) => line.test(l)), `a line matching ${line}`, timeoutMs),
    said: (line, timeoutMs = 10_000) => waitFor(() => stderr.split('\n').some((l) => line.test(l)), `a line on stderr matching ${line}`, timeoutMs),
  };
}
