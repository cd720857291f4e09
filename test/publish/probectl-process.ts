// probectl started in the background for the publish and watch tests: its stdout lines as they come, its end awaited.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { MAIN } from '../cli/cli-process.js';
import { repoRoot } from '../recordings.js';

export class ProbectlProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly ended: Promise<number | null>;

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [MAIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.ended = once(this.child, 'exit').then(([code]) => code as number | null);
  }

  /** Complete stdout lines so far. */
  lines(): string[] {
    return this.stdout.split('\n').slice(0, -1);
  }

  /** Resolves once a condition on the output holds; fails after timeoutMs, saying what was printed. */
  async until(what: string, holds: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!holds()) {
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      if (this.child.exitCode !== null)
        throw new Error(`probectl exited ${this.child.exitCode} before ${what}; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  end(timeoutMs = 60_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    return this.ended.finally(() => clearTimeout(timer));
  }

  /** SIGINT, as Ctrl-C; the exit code. */
  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.end(15_000);
  }
}
