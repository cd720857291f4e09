// A server program a live test starts (Prometheus, VictoriaMetrics): up once its URL answers, always stopped by the test, SIGKILL if it lingers.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  pid: number;
  /** Its last output (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts argv and resolves once readyUrl answers 200; rejects (having killed it) if it ends first or is not ready in time. */
export async function startServerProcess(argv: readonly string[], readyUrl: string, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: string) => (output = (output + d).slice(-4000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let exited = false;
  const ended = new Promise<void>((resolve) => child.on('close', () => ((exited = true), resolve())));
  const server: ServerProcess = {
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await ended;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${argv[0]} ended before it was ready:\n${output}`);
    if (await answers(readyUrl)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${argv[0]} was not ready at ${readyUrl} within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.text();
    return response.ok;
  } catch {
    return false;
  }
}
