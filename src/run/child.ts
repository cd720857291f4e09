// One probe's process as a state machine: starting → ready → stopping → stopped | failed, in its own process group, dying with probectl.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Stream } from '../core/layout.js';
import { launch } from './launcher.js';
import { GATHER_MS, SHORT_GATHER_MS, ReadGather } from './read-gather.js';
import { FIFO_MADE, type FifoReader, nextFifoPath, openFifo, touchWriter } from './stdout-fifo.js';
import { DEFAULT_GRACE, groupAlive, signalGroup, stopGroup, type Grace } from './stop.js';
import { LineTail } from './tail.js';
import { judgeExit, type ChildExit, type Verdict } from './verdict.js';

export type ChildState = 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed';

export interface ChildSpec {
  /** The command and its arguments. */
  argv: readonly string[];
  /** Added to (and overriding) this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** A line on stdout or stderr that says the child is ready; without one it is ready once spawned. */
  ready?: RegExp;
  /** Waits after SIGINT, then after SIGTERM, when stopping. */
  grace?: Grace;
  /**
   * Gives the child a stdin pipe that is never written and closes only when this process ends,
   * however it ends (SIGKILL included): a child that exits on end of stdin cannot outlive probectl.
   */
  stdinPipe?: boolean;
  /**
   * Stopping starts by closing that stdin pipe, and signals follow only if it has not ended within both grace periods:
   * for an ssh client, whose remote wrapper stops the backend at the end of its stdin (a signal would end ssh alone).
   */
  stopByClosingStdin?: boolean;
  /** The child may forget a stop signal and takes SIGTERM again harmlessly (bpftrace): stop.ts's StopOptions. */
  resendForgotten?: boolean;
}

export interface ChildHandlers {
  /** The child became ready, t ms after its spawn. Called before output() for the chunk that made it ready. */
  ready?(t: number, detail?: string): void;
  /** A chunk as it arrived, t ms after the spawn (0.1 ms precision). */
  output?(stream: Stream, bytes: Buffer, t: number): void;
}

export interface ChildEnd extends ChildExit, Verdict {
  /** ms after the spawn when it became ready, if it did. */
  readyAt?: number;
  /** ms after the spawn when its output closed and its process group was empty. */
  endedAt: number;
  /** The signals probectl sent to stop it. */
  sent: NodeJS.Signals[];
}

/** Enough of a stream's recent text to find a ready line split across chunks (each chunk is searched whole). */
const READY_WINDOW = 4096;

export class ProbeChild {
  /** Unix epoch ms at the spawn; every t is counted from here. */
  readonly startedAt = Date.now();
  readonly pid: number | undefined;
  readonly ended: Promise<ChildEnd>;
  private currentState: ChildState = 'starting';
  private readonly t0 = performance.now();
  private readonly child: ChildProcessByStdio<Writable | null, Readable, Readable>;
  private readonly tails = { stdout: new LineTail(), stderr: new LineTail() };
  private readonly recent = { stdout: '', stderr: '' };
  private readonly gather: ReadGather;
  /** Where the child's stdout arrives: the socket pair it was spawned with, or the FIFO the launcher put in its place. */
  private stdout: Readable;
  /** Settles once the child's stdout has ended, whichever stream it came through. */
  private readonly stdoutEnded: Promise<void>;
  private readonly stdoutFifo: string | undefined;
  /** The FIFO once opened. */
  private fifoReader: FifoReader | undefined;
  private paused = false;
  private readonly readyPattern: RegExp | undefined;
  private readyAt: number | undefined;
  private exited = false;
  private readonly exitedPromise: Promise<void>;
  private stopRequested = false;
  private stdinClosed = false;
  private stopping: Promise<NodeJS.Signals[]> | undefined;
  private forced = false;
  private failure: string | undefined;

  constructor(
    private readonly spec: ChildSpec,
    private readonly handlers: ChildHandlers = {},
  ) {
    const [command, ...args] = spec.argv;
    if (command === undefined) throw new TypeError('ProbeChild needs a command');
    // A /g or /y pattern would keep state between test() calls.
    this.readyPattern = spec.ready && new RegExp(spec.ready.source, spec.ready.flags.replace(/[gy]/g, ''));
    // detached: the child leads a new process group, so stop signals reach everything it starts.
    // libuv resets every signal disposition to its default in the child, so SIGINT works even when
    // probectl was itself started with SIGINT ignored (test/run/child.test.ts checks it).
    // Through the native launcher (or setpriv --pdeathsig where it is not built), it gets SIGTERM should probectl die
    // without stopping it (death-signal.ts says why), and a stdout that does not block it: a FIFO where it can have one
    // (stdout-fifo.ts), else a socket pair with a large buffer (launcher.ts).
    const env = { ...process.env, ...spec.env };
    const started = launch([command, ...args], env, undefined, nextFifoPath);
    const [file, ...argv] = started.argv;
    this.stdoutFifo = started.stdoutFifo;
    this.child = spawn(file!, argv, { cwd: spec.cwd, env, detached: true, stdio: [spec.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'] }) as ChildProcessByStdio<
      Writable | null,
      Readable,
      Readable
    >;
    this.child.stdin?.on('error', () => {}); // EPIPE once the child has gone: nothing is ever written
    this.child.once('exit', () => this.child.stdin?.destroy());
    this.pid = this.child.pid;
    this.exitedPromise = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.gather = new ReadGather([this.child.stdout, this.child.stderr], started.largeStdout ? GATHER_MS : SHORT_GATHER_MS);
    this.stdout = this.child.stdout;
    this.stdoutEnded = this.stdoutFifo === undefined ? Promise.resolve() : this.readFifo(this.stdoutFifo);
    if (this.stdoutFifo === undefined) this.child.stdout.on('data', (bytes: Buffer) => this.onData('stdout', bytes));
    this.child.stderr.on('data', (bytes: Buffer) => this.onData('stderr', bytes));
    if (this.readyPattern === undefined) this.child.on('spawn', () => this.becomeReady(this.elapsed()));
    this.ended = this.lifecycle();
  }

  get state(): ChildState {
    return this.currentState;
  }

  /** Stops it (SIGINT, SIGTERM, SIGKILL to its group); with a reason, it is reported failed for that reason. */
  stop(failure?: string): Promise<ChildEnd> {
    this.resume(); // a paused reader must not keep it from printing its last lines and exiting
    if (!this.exited && this.pid !== undefined && this.stopping === undefined) {
      this.failure = failure;
      this.stopRequested = true;
      if (this.currentState === 'starting' || this.currentState === 'ready') this.currentState = 'stopping';
      this.stopping = this.spec.stopByClosingStdin && this.child.stdin !== null ? this.stopByClosingStdin() : this.stopGroupNow();
    }
    return this.ended;
  }

  private stopGroupNow(): Promise<NodeJS.Signals[]> {
    const leader = { running: () => !this.exited, exited: this.exitedPromise };
    return stopGroup(this.pid!, this.spec.grace ?? DEFAULT_GRACE, leader, { resendForgotten: this.spec.resendForgotten });
  }

  private async stopByClosingStdin(): Promise<NodeJS.Signals[]> {
    this.stdinClosed = true;
    this.child.stdin?.end();
    const grace = this.spec.grace ?? DEFAULT_GRACE;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exitedPromise, new Promise((resolve) => (timer = setTimeout(resolve, grace.int + grace.term + 1000)))]);
    clearTimeout(timer);
    return this.exited ? [] : this.stopGroupNow();
  }

  /** SIGKILL to its group now, whatever stage a stop has reached (a second Ctrl-C). */
  kill(): Promise<ChildEnd> {
    void this.stop();
    if (this.pid !== undefined && this.stopRequested && signalGroup(this.pid, 'SIGKILL')) this.forced = true;
    return this.ended;
  }

  /** SIGKILL to its group, synchronously: the last resort when probectl itself is exiting. */
  killNow(): void {
    if (this.pid !== undefined && this.currentState !== 'stopped' && this.currentState !== 'failed') signalGroup(this.pid, 'SIGKILL');
  }

  /** Stops reading its output (the reader is behind); the child blocks once the pipe is full. */
  pause(): void {
    if (this.currentState !== 'stopping') {
      this.paused = true;
      if (!this.awaitingFifo()) this.stdout.pause(); // the launcher's word that the FIFO is made must still be read
      this.child.stderr.pause();
    }
  }

  resume(): void {
    this.paused = false;
    this.gather.release();
    this.stdout.resume();
    this.child.stderr.resume();
  }

  /** The launcher is to put stdout on a FIFO, and the socket it says so on is all there is yet. */
  private awaitingFifo(): boolean {
    return this.stdoutFifo !== undefined && this.stdout === this.child.stdout;
  }

  /**
   * Reads stdout from the FIFO at `path` once the launcher says on the socket that it made it (it waits until this
   * process opens it, then execs the backend with it as stdout). Anything else on the socket is the child's output (a
   * launcher that failed says why on stderr, and the socket ends). Settles when the output has ended.
   */
  private readFifo(path: string): Promise<void> {
    const socket = this.child.stdout;
    return new Promise((resolve) => {
      let said = Buffer.alloc(0);
      const onSaid = (bytes: Buffer) => {
        said = Buffer.concat([said, bytes]);
        const text = said.toString('latin1');
        if (text.length < FIFO_MADE.length && FIFO_MADE.startsWith(text)) return;
        socket.off('data', onSaid);
        if (text !== FIFO_MADE) {
          socket.on('data', (more: Buffer) => this.onData('stdout', more));
          this.onData('stdout', said);
          return;
        }
        let fifo: Readable;
        try {
          this.fifoReader = openFifo(path);
          fifo = this.fifoReader.stream;
        } catch (error) {
          void this.stop(`cannot read the output of ${this.spec.argv[0]}: ${(error as Error).message}`);
          return;
        }
        this.stdout = fifo;
        this.gather.replace(socket, fifo);
        fifo.on('error', () => {}); // its end follows; what the child printed before is kept
        fifo.once('close', () => resolve());
        fifo.on('data', (more: Buffer) => this.onData('stdout', more));
        if (this.paused) fifo.pause();
      };
      socket.on('data', onSaid);
      socket.once('close', () => {
        if (this.stdout === socket) resolve();
      });
    });
  }

  private elapsed(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }

  private onData(stream: Stream, bytes: Buffer): void {
    const t = this.elapsed();
    this.tails[stream].push(bytes);
    if (this.readyAt === undefined && this.readyPattern !== undefined) {
      const text = this.recent[stream] + bytes.toString('utf8');
      const match = this.readyPattern.exec(text);
      if (match !== null) this.becomeReady(t, match.groups?.detail);
      else this.recent[stream] = text.slice(-READY_WINDOW);
    }
    this.handlers.output?.(stream, bytes, t);
    this.gather.chunkRead(t, bytes.length);
  }

  private becomeReady(t: number, detail?: string): void {
    if (this.readyAt !== undefined) return;
    this.readyAt = t;
    this.recent.stdout = this.recent.stderr = '';
    if (this.currentState !== 'starting') return;
    this.currentState = 'ready';
    this.handlers.ready?.(t, detail);
  }

  private async lifecycle(): Promise<ChildEnd> {
    const exit = await new Promise<ChildExit>((resolve) => {
      let spawnError: string | undefined;
      this.child.on('error', (error: NodeJS.ErrnoException) => {
        if (this.pid === undefined) spawnError = `${this.spec.argv[0]}: ${error.code === 'ENOENT' ? 'no such command (ENOENT)' : error.message}`;
      });
      this.child.on('exit', () => this.onExit());
      this.child.on('close', (exitCode, signal) => resolve(spawnError === undefined ? { exitCode, signal } : { exitCode: null, signal: null, spawnError }));
    });
    if (this.stdoutFifo !== undefined && existsSync(this.stdoutFifo)) {
      // The launcher removes the FIFO's name once it has opened it, so it was stopped before: nothing will ever write to
      // the FIFO, whose reader would otherwise wait for a writer for ever. (A stop signal while it waits removes the name
      // too, without opening it: the branch below.)
      this.stdout.destroy();
      rmSync(this.stdoutFifo, { force: true });
    } else if (this.fifoReader !== undefined) {
      // The name is gone, but the launcher's end may never have opened: it was stopped while it waited, just as this
      // process opened its own. A run stopped at once after its start hung here for good (test/run/child.test.ts).
      touchWriter(this.fifoReader);
    }
    await this.stdoutEnded;
    const endedAt = this.elapsed();
    const signals = (await this.stopping) ?? [];
    const sent = this.stopRequested ? (this.forced && signals.at(-1) !== 'SIGKILL' ? [...signals, 'SIGKILL' as const] : signals) : [];
    const tail = this.tails.stderr.text() || this.tails.stdout.text();
    const verdict = judgeExit(exit, {
      ready: this.readyAt !== undefined,
      sent,
      failure: this.failure,
      tail,
      readyPattern: this.readyPattern ?? /./,
      stdinClosed: this.stdinClosed,
    });
    this.currentState = verdict.state;
    return { ...exit, ...verdict, readyAt: this.readyAt, endedAt, sent };
  }

  /** The leader is gone: anything it started and left in the group is stopped too. */
  private onExit(): void {
    this.exited = true;
    if (this.pid !== undefined && this.stopping === undefined && groupAlive(this.pid)) this.stopping = stopGroup(this.pid, this.spec.grace ?? DEFAULT_GRACE);
  }
}
