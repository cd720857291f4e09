// One host's SSH connection: a master (dying with probectl) that every command of the host shares, its login's identity, commands run over it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { oneShot, type OneShotResult } from '../core/one-shot.js';
import { withDeathSignal } from '../run/death-signal.js';
import { signalGroup } from '../run/stop.js';
import { sshFailure } from './ssh-failure.js';
import { execArgv, masterArgv, type SshSettings } from './ssh-options.js';
import type { FleetFailureReason } from '../events/index.js';
import type { HostTarget } from './targets.js';

/** Who the login is there: root, or a user who may use sudo without a password. */
export interface Identity {
  uid: number;
  user: string;
  sudo: boolean;
}

export type Opened = { ok: true; identity: Identity } | { ok: false; reason: FleetFailureReason; message: string };

const CONNECTED = 'probectl-connected';
/**
 * The master's remote command: who the login is, then the host's clock (`date +%s%N`) for every line probectl sends,
 * over the open channel (a round trip without a process start on either side), until its stdin ends (probectl gone).
 */
const MASTER_COMMAND = `printf 'uid\\t%s\\tuser\\t%s\\n' "$(id -u)" "$(id -un)"; if sudo -n true 2>/dev/null; then echo sudo; fi; echo ${CONNECTED}; while IFS= read -r _; do date +%s%N; done`;

export class SshConnection {
  private master: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  private closed = false;
  private readonly clockReplies: ((line: string) => void)[] = [];

  constructor(
    readonly target: HostTarget,
    private readonly controlPath: string,
    private readonly settings: SshSettings,
  ) {}

  /** Starts the master and resolves once the login is up (with who it is), or with why it failed. */
  open(): Promise<Opened> {
    const env = { ...process.env };
    const [file, ...args] = withDeathSignal(masterArgv(this.target, this.controlPath, this.settings, MASTER_COMMAND), env);
    const master = spawn(file!, args, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.master = master;
    master.stdin.on('error', () => {});
    return new Promise((resolve) => {
      let out = '';
      let err = '';
      let connected = false;
      let partial = '';
      master.stdout.setEncoding('utf8').on('data', (text: string) => {
        if (connected) {
          const lines = (partial + text).split('\n');
          partial = lines.pop()!;
          for (const line of lines) this.clockReplies.shift()?.(line);
          return;
        }
        out += text;
        if (!out.includes(`${CONNECTED}\n`)) return;
        connected = true;
        partial = out.slice(out.indexOf(`${CONNECTED}\n`) + CONNECTED.length + 1);
        const fields = out.split('\n')[0]!.split('\t');
        resolve({ ok: true, identity: { uid: Number(fields[1]), user: fields[3] ?? '', sudo: /^sudo$/m.test(out) } });
      });
      master.stderr.setEncoding('utf8').on('data', (text: string) => (err = (err + text).slice(-4096)));
      master.on('error', (error) => resolve({ ok: false, reason: 'unreachable', message: `ssh could not start: ${error.message}` }));
      master.on('close', (code) => {
        this.answerClockWaiters();
        resolve({ ok: false, ...sshFailure(err, code) });
      });
    });
  }

  /** The host's clock in ns as it answers over the master's channel, and the local ms just before and after; undefined if it does not answer in time. */
  async remoteClock(timeoutMs: number): Promise<{ remoteNs: bigint; before: number; after: number } | undefined> {
    const master = this.master;
    if (master === undefined || this.closed || master.exitCode !== null || master.signalCode !== null) return undefined;
    const before = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = new Promise<string>((resolve) => this.clockReplies.push(resolve));
    master.stdin.write('\n');
    const line = await Promise.race([reply, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)))]);
    clearTimeout(timer);
    const after = Date.now();
    return line !== undefined && /^\d{19}$/.test(line) ? { remoteNs: BigInt(line), before, after } : undefined;
  }

  /** The connection is gone: whoever waits for the clock hears now that no answer comes. */
  private answerClockWaiters(): void {
    for (const reply of this.clockReplies.splice(0)) reply('');
  }

  /** The argv that runs `command` there over this connection. */
  argv(command: string): string[] {
    return execArgv(this.target, this.controlPath, this.settings, command);
  }

  /** Runs `command` there to its end. */
  exec(command: string, timeoutMs: number): Promise<OneShotResult> {
    return oneShot(this.argv(command), { timeoutMs });
  }

  /** Ends the master: every command still sharing it loses its connection (and its remote side sees its stdin end). */
  close(): void {
    if (this.closed || this.master?.pid === undefined) return;
    this.closed = true;
    this.answerClockWaiters();
    this.master.stdin.end();
    signalGroup(this.master.pid, 'SIGTERM');
  }
}
