// Live-test helpers: `probectl run xdpcount` in a namespace as a child, its events, and what XDP program an interface has.
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { ProbeEvent } from '../../src/events/index.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

export interface XdpRun {
  child: ChildProcessByStdio<null, Readable, Readable>;
  events: ProbeEvent[];
  stderr: () => string;
  /** Resolves with the ready status event; rejects if the run ends first. */
  ready: Promise<ProbeEvent>;
  /** Resolves with the exit code (or the signal) once it has ended. */
  ended: Promise<number | NodeJS.Signals>;
}

/**
 * `ip netns exec NS probectl run xdpcount [others] --iface IF ...args`; ip (and sh) exec, so the child's pid is probectl's.
 * With other probes, tracefs is mounted first in the mount namespace `ip netns exec` made (it mounts a sysfs without it).
 */
export function runXdpcount(netns: string, iface: string, args: string[] = [], others: string[] = []): XdpRun {
  const probectl = [process.execPath, MAIN, 'run', 'xdpcount', ...others, '--iface', iface, ...args];
  const argv = others.length === 0 ? probectl : ['sh', '-c', 'mount -t tracefs tracefs /sys/kernel/tracing && exec "$@"', 'sh', ...probectl];
  const child = spawn('ip', ['netns', 'exec', netns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: ProbeEvent[] = [];
  let err = '';
  let out = '';
  let onReady: (e: ProbeEvent) => void = () => {};
  let onEnd: (why: Error) => void = () => {};
  const ready = new Promise<ProbeEvent>((resolve, reject) => ((onReady = resolve), (onEnd = reject)));
  ready.catch(() => {}); // a test that expects a refusal never awaits it
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    let nl;
    while ((nl = out.indexOf('\n')) !== -1) {
      const event = JSON.parse(out.slice(0, nl)) as ProbeEvent;
      out = out.slice(nl + 1);
      events.push(event);
      if (event.type === 'probe.status' && event.state === 'ready') onReady(event);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const ended = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('close', (code, signal) => {
      onEnd(new Error(`probectl ended before ready (${code ?? signal}): ${err}`));
      resolve(code ?? signal!);
    }),
  );
  return { child, events, stderr: () => err, ready, ended };
}

/** The XDP program on an interface in a namespace, from `ip -j link`; undefined when there is none. */
export function attachedXdp(netns: string, iface: string): { id: number; name: string } | undefined {
  const shown = JSON.parse(execFileSync('ip', ['-n', netns, '-j', 'link', 'show', 'dev', iface], { encoding: 'utf8' })) as {
    xdp?: { prog?: { id: number; name: string } };
  }[];
  return shown[0]?.xdp?.prog;
}

/** The interface's own RX packet counter, from `ip -s link`. */
export function rxPackets(netns: string, iface: string): number {
  const shown = JSON.parse(execFileSync('ip', ['-n', netns, '-s', '-j', 'link', 'show', 'dev', iface], { encoding: 'utf8' })) as {
    stats64: { rx: { packets: number } };
  }[];
  return shown[0]!.stats64.rx.packets;
}

/** Sends `count` UDP datagrams of `size` bytes from a namespace to host:port. */
export function sendUdp(netns: string, host: string, port: number, count: number, size = 200): void {
  const script = `const s=require('dgram').createSocket('udp4');let n=0;const b=Buffer.alloc(${size});const go=()=>{if(n++>=${count})return s.close();s.send(b,${port},'${host}',go)};go();`;
  execFileSync('ip', ['netns', 'exec', netns, process.execPath, '-e', script]);
}

/** Polls until the interface has no XDP program, up to `ms`; returns what is still attached, if anything. */
export async function waitDetached(netns: string, iface: string, ms = 5000): Promise<{ id: number; name: string } | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const prog = attachedXdp(netns, iface);
    if (prog === undefined || Date.now() > end) return prog;
    await new Promise((r) => setTimeout(r, 100));
  }
}
