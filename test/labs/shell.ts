// Runs a lab page's commands as written, in sh, with `probectl` on PATH meaning this checkout's CLI (and, in live steps, its lab commands served by the test's broker).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../recordings.js';
import { startLabBroker } from './lab-broker.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const BROKER_CLIENT = fileURLToPath(new URL('./lab-broker-client.js', import.meta.url));

export interface ShellEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ShellOptions {
  cwd: string;
  timeoutMs: number;
  /** Serve `probectl lab ...` from this process (which must hold the lab). */
  labBroker?: boolean;
}

/** `sh -e` on the script; on timeout, its whole process group gets SIGTERM, then SIGKILL. */
export async function runShell(script: string, options: ShellOptions): Promise<ShellEnd> {
  const bin = mkdtempSync(join(tmpdir(), 'pctl-labs-bin-'));
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const wrapper = [
    '#!/bin/sh',
    ...(options.labBroker ? [`[ "$1" = lab ] && exec ${quote(process.execPath)} ${quote(BROKER_CLIENT)} "$@"`] : []),
    `exec ${quote(process.execPath)} ${quote(MAIN)} "$@"`,
  ];
  writeFileSync(join(bin, 'probectl'), wrapper.join('\n') + '\n');
  chmodSync(join(bin, 'probectl'), 0o755);
  const broker = options.labBroker ? await startLabBroker(join(bin, 'broker.sock')) : undefined;
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...(broker && { PCTL_LABS_BROKER: join(bin, 'broker.sock') }) };
  try {
    return await new Promise<ShellEnd>((resolve) => {
      const child = spawn('sh', ['-e', '-c', script], { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const group = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // the group has ended
        }
      };
      const term = setTimeout(() => ((stderr += `\n[timed out after ${options.timeoutMs} ms]\n`), group('SIGTERM')), options.timeoutMs);
      const kill = setTimeout(() => group('SIGKILL'), options.timeoutMs + 10_000);
      child.on('close', (code, signal) => {
        clearTimeout(term);
        clearTimeout(kill);
        group('SIGTERM'); // a background job the script left running
        resolve({ code, signal, stdout, stderr });
      });
    });
  } finally {
    await new Promise((resolve) => (broker ? broker.close(resolve) : resolve(undefined)));
    rmSync(bin, { recursive: true, force: true });
  }
}
