// Runs the TCP peer program as a child (optionally inside a namespace): its JSON lines as they come, its exit, and a hard kill after a limit.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { peerArgv, peerMessageSchema, type PeerConfig, type PeerMessage } from './peer-protocol.js';

export interface PeerProcess {
  /** Resolves with the first message that `matches`, or rejects when the program ends first. */
  waitFor(matches: (m: PeerMessage) => boolean): Promise<PeerMessage>;
  /** Resolves when the program has ended (killed with SIGKILL once `killAfterMs` has passed). */
  readonly ended: Promise<{ messages: PeerMessage[]; exitCode: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** SIGTERM: the server ends its open connections, reports them, and exits. */
  stop(): void;
  kill(): void;
}

export function startPeer(config: PeerConfig, options: { netns?: string; killAfterMs: number }): PeerProcess {
  const argv = [...(options.netns === undefined ? [] : ['ip', 'netns', 'exec', options.netns]), ...peerArgv(config)];
  const child = spawn(argv[0] ?? '', argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const messages: PeerMessage[] = [];
  const waiters = new Set<{ matches: (m: PeerMessage) => boolean; resolve: (m: PeerMessage) => void }>();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4096)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = peerMessageSchema.safeParse(safeJson(line));
    if (!parsed.success) return void (stderr += `\nunexpected output: ${line}`);
    messages.push(parsed.data);
    for (const w of waiters) if (w.matches(parsed.data)) waiters.delete(w), w.resolve(parsed.data);
  });
  const signal = (name: NodeJS.Signals) => () => void (child.exitCode === null && child.signalCode === null && child.kill(name));
  const kill = signal('SIGKILL');
  const timer = setTimeout(kill, options.killAfterMs);
  const ended = new Promise<Awaited<PeerProcess['ended']>>((resolve) => {
    child.on('error', (error) => (stderr += `\n${error.message}`)); // 'close' follows
    child.on('close', (exitCode, signal) => (clearTimeout(timer), resolve({ messages, exitCode, signal, stderr: stderr.trim() })));
  });
  return {
    ended,
    kill,
    stop: signal('SIGTERM'),
    waitFor: (matches) =>
      new Promise((resolve, reject) => {
        const seen = messages.find(matches);
        if (seen) return resolve(seen);
        waiters.add({ matches, resolve });
        void ended.then((e) => reject(new Error(`the peer ended (${e.exitCode ?? e.signal}) before it was ready: ${e.stderr || 'no output'}`)));
      }),
  };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
