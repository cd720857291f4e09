// The soak: every probe at once (xdpcount on the lab's server veth) under lab traffic for 10 minutes, probectl's RSS every 10 s.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { holdLab, LAB, labDown, labStatus, labTraffic, labUp } from '../src/lab/index.js';
import { cpuSeconds, loadAverage, peakRssMb, rssMb } from './proc.js';
import { cliArgv } from './cli-path.js';
import { fmt, slope } from './stats.js';

const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const sampleEveryMs = Number(process.env.BENCH_SOAK_SAMPLE_MS ?? 10_000);
const PROBES = ['xdpcount', 'tcpretrans', 'tcpdrop', 'tcplife', 'opensnoop'];

/** Counts the events of the stream by type, and resolves `ready` once every probe has said it is. */
class EventCounter {
  readonly counts = new Map<string, number>();
  /** tool.lost reports and the events they count, by probe. */
  readonly lost = new Map<string, { reports: number; events: number }>();
  readonly diagnostics: string[] = [];
  private readyLeft = new Set(PROBES);
  private rest = '';
  private onReady: () => void = () => {};
  readonly ready = new Promise<void>((resolve) => (this.onReady = resolve));

  chunk(text: string): void {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) {
      const type = line.slice(9, line.indexOf('"', 9)); // every line opens with {"type":"
      this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
      if (type === 'probe.status' || type === 'tool.lost' || type === 'tool.diagnostic') this.special(JSON.parse(line) as Record<string, unknown>);
    }
  }

  private special(event: Record<string, unknown>): void {
    if (event.type === 'tool.lost') {
      const lost = this.lost.get(event.probe as string) ?? { reports: 0, events: 0 };
      lost.reports++;
      lost.events += event.count as number;
      this.lost.set(event.probe as string, lost);
    } else if (event.type === 'tool.diagnostic') this.diagnostics.push(`${event.probe}: ${event.message}`);
    else if (event.state === 'ready') {
      this.readyLeft.delete(event.probe as string);
      if (this.readyLeft.size === 0) this.onReady();
    } else if (event.state === 'failed') console.error(`soak: ${event.probe} failed: ${event.message}`);
  }
}

async function main(): Promise<void> {
  const release = await holdLab({ waitMs: 30 * 60_000 });
  const madeLab = (await labStatus()).state !== 'up';
  if (madeLab) await labUp({ loss: 5 });
  // In the server's namespace (xdpcount counts on its veth); `ip netns exec` mounts a sysfs without tracefs, which bpftrace needs.
  const argv = [...cliArgv(), 'run', ...PROBES, '--iface', LAB.server.veth];
  const child = spawn('ip', ['netns', 'exec', LAB.server.netns, 'sh', '-c', 'mount -t tracefs tracefs /sys/kernel/tracing && exec "$@"', 'sh', ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!; // ip and sh exec: this is probectl's pid
  const counter = new EventCounter();
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => counter.chunk(t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const closed = once(child, 'close');
  const traffic = { runs: 0, connections: 0, failed: 0 };
  const samples: { t: number; rss: number }[] = [];
  try {
    await Promise.race([counter.ready, closed.then(() => Promise.reject(new Error(`probectl ended before every probe was ready:\n${stderr}`)))]);
    const t0 = Date.now();
    const cpu0 = cpuSeconds(pid)!;
    const load0 = loadAverage();
    let stopTraffic = false;
    const trafficLoop = (async () => {
      while (!stopTraffic) {
        const result = await labTraffic({ connections: 3 });
        traffic.runs++;
        traffic.connections += result.connections.length;
        traffic.failed += result.connections.filter((c) => !c.ok).length;
      }
    })();
    for (let i = 0; i <= (seconds * 1000) / sampleEveryMs; i++) {
      await sleep(t0 + i * sampleEveryMs - Date.now());
      const rss = rssMb(pid);
      if (rss === undefined) throw new Error(`probectl ended during the soak:\n${stderr}`);
      samples.push({ t: (Date.now() - t0) / 1000, rss });
    }
    stopTraffic = true;
    await trafficLoop;
    const cpu = cpuSeconds(pid)! - cpu0;
    const hwm = peakRssMb(pid)!;
    const load1 = loadAverage();
    child.kill('SIGINT');
    await closed;
    report(samples, { cpu, hwm, load0, load1, counter, traffic, stderr, exit: child.exitCode });
  } finally {
    child.kill('SIGKILL');
    if (madeLab) await labDown().catch(() => {});
    release();
  }
}

interface Summary {
  cpu: number;
  hwm: number;
  load0: string;
  load1: string;
  counter: EventCounter;
  traffic: { runs: number; connections: number; failed: number };
  stderr: string;
  exit: number | null;
}

function report(samples: { t: number; rss: number }[], s: Summary): void {
  const span = samples.at(-1)!.t;
  const mbPerMin = (points: typeof samples) => slope(points.map((p) => ({ x: p.t / 60, y: p.rss })));
  const secondHalf = samples.filter((p) => p.t >= span / 2);
  const afterFirstMinute = samples.filter((p) => p.t >= 60);
  const rss = samples.map((p) => p.rss);
  console.log(
    `soak: ${PROBES.join(' ')} (xdpcount on ${LAB.server.netns}/${LAB.server.veth}), ${fmt(span)} s, RSS sampled every ${sampleEveryMs / 1000} s (node ${process.version})`,
  );
  console.log(`load average at start ${s.load0}, at end ${s.load1}`);
  console.log(`lab traffic: ${s.traffic.runs} runs of 3 connections (${s.traffic.connections} connections, ${s.traffic.failed} not ok)`);
  console.log(`events: ${[...s.counter.counts].map(([type, n]) => `${type} ${fmt(n)}`).join(', ')}`);
  console.log(
    `tool.lost by probe: ${[...s.counter.lost].map(([probe, l]) => `${probe} ${fmt(l.reports)} reports of ${fmt(l.events)} events`).join(', ') || 'none'}`,
  );
  console.log(`diagnostics: ${s.counter.diagnostics.join(' | ') || 'none'}`);
  console.log(`probectl CPU: ${s.cpu.toFixed(1)} s over ${fmt(span)} s (${((100 * s.cpu) / span).toFixed(1)} % of one core)`);
  console.log(
    `probectl RSS MB: start ${rss[0]!.toFixed(1)}, peak sampled ${Math.max(...rss).toFixed(1)} (VmHWM ${s.hwm.toFixed(1)}), end ${rss.at(-1)!.toFixed(1)}`,
  );
  console.log(
    `slope: ${mbPerMin(samples).toFixed(3)} MB/min over the whole run, ${mbPerMin(afterFirstMinute).toFixed(3)} after the first minute, ${mbPerMin(secondHalf).toFixed(3)} over the second half`,
  );
  console.log(`probectl exit ${s.exit}; its closing line: ${s.stderr.trim().split('\n').at(-1)}`);
  console.log(`samples (s: MB): ${samples.map((p) => `${Math.round(p.t)}: ${p.rss.toFixed(1)}`).join(', ')}`);
}

await main();
