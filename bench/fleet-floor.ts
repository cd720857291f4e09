// The floor under `probectl fleet run` on many hosts: the backends one host would start, one set alone and twenty sets at once, spawn to every ready line, and the CPU they used.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { backendPlans, type BackendPlan } from './backend-plan.js';
import { cli } from './cli-path.js';
import { isMain } from './main-module.js';
import { kernelThreadCpuSeconds, loadAverage, machineCpuSeconds, statFields, treeCpuSeconds } from './proc.js';
import { fmt, median } from './stats.js';

/** What `probectl fleet run` is asked to run on each host: its plan here is what each host would start. */
const PROBES = (process.env.BENCH_FLEET_PROBES ?? 'tcpretrans tcpdrop tcplife').split(/[\s,]+/).filter(Boolean);
/** How many hosts' sets start at once. */
const SETS = Number(process.env.BENCH_FLEET_SETS ?? 20);
/** How long every backend of a batch has to be ready before the round fails. */
const READY_TIMEOUT_MS = 600_000;
/** The pause after a batch is stopped: the kernel frees the programs and maps it loaded after the processes are gone. */
const PAUSE_MS = 2_000;

interface Backend {
  plan: BackendPlan;
  child: ChildProcess;
  /** ms from the batch's start to the first sight of the plan's ready line on stdout or stderr. */
  ready: Promise<number>;
  /** The backend's CPU seconds (and its children's) when its ready line was seen. */
  cpuAtReady?: number;
  /** Resolves once it has exited and its output is closed. */
  closed: Promise<unknown>;
  done: boolean;
}

/**
 * Starts a backend as the plan says, its stdout and stderr read through pipes (as a host's wrapper and sshd read them),
 * watched for the ready line and drained after it.
 */
function startBackend(plan: BackendPlan, batchStart: number): Backend {
  const child = spawn(plan.argv[0]!, plan.argv.slice(1), {
    env: { ...process.env, ...plan.env },
    stdio: [plan.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const backend: Backend = { plan, child, ready: Promise.resolve(0), closed: once(child, 'close'), done: false };
  backend.closed.then(() => (backend.done = true)).catch(() => {});
  backend.ready = new Promise<number>((resolve, reject) => {
    let seen = false;
    const heads = { stdout: '', stderr: '' };
    for (const name of ['stdout', 'stderr'] as const)
      child[name]!.on('data', (chunk: Buffer) => {
        if (seen || heads[name].length >= 1 << 16) return; // the ready line comes before any event; after it, drained
        heads[name] += chunk.toString('utf8');
        if (!plan.ready.test(heads[name])) return;
        seen = true;
        backend.cpuAtReady = treeCpuSeconds(child.pid!);
        resolve(performance.now() - batchStart);
      });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (!seen) reject(new Error(`${plan.probe} (${plan.backend}) ended before it was ready (${code ?? signal}): ${heads.stderr.trim()}`));
    });
  });
  backend.ready.catch(() => {});
  return backend;
}

/** Resolves once every backend has closed, or after `ms`. */
const closedWithin = (backends: readonly Backend[], ms: number): Promise<unknown> => Promise.race([Promise.all(backends.map((b) => b.closed)), sleep(ms)]);

/** SIGINT to every backend still there, then SIGTERM to those left after 5 s, then SIGKILL after 2 s more; resolves once all have closed. */
async function stopAll(backends: readonly Backend[]): Promise<void> {
  for (const [signal, graceMs] of [
    ['SIGINT', 5_000],
    ['SIGTERM', 2_000],
    ['SIGKILL', Number.POSITIVE_INFINITY],
  ] as const) {
    const left = backends.filter((b) => !b.done);
    if (left.length === 0) break;
    for (const b of left) b.child.kill(signal);
    await (graceMs === Number.POSITIVE_INFINITY ? Promise.all(left.map((b) => b.closed)) : closedWithin(left, graceMs));
  }
  for (const b of backends) b.child.stdin?.destroy();
}

/** Processes whose parent is this one: none should be left once a batch is stopped. */
function ownChildren(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => Number(statFields(Number(pid))?.[1]) === process.pid) // field 4: ppid
    .map(Number);
}

export interface Batch {
  /** ms from the first spawn to the last backend's ready line. */
  ms: number;
  /** ms to each backend's ready line, in start order. */
  readyMs: number[];
  /** CPU seconds of every backend of the batch, summed: when all were ready (just before stopping), and each at its own ready line. */
  cpu: number;
  cpuAtReady: number;
  /** The machine's busy CPU seconds over the batch's start, of the CPU seconds there were (all CPUs together). */
  machineBusy: number;
  machineTotal: number;
  /** CPU seconds over the batch of this benchmark's own process, and of the kernel's threads. */
  benchCpu: number;
  kernelThreadsCpu: number;
  loadAtStart: string;
}

/** Starts `sets` sets of the plans' backends at once, waits for every ready line, takes their CPU, stops them all. */
export async function runBatch(plans: readonly BackendPlan[], sets: number): Promise<Batch> {
  const loadAtStart = loadAverage();
  const machineBefore = machineCpuSeconds();
  const kernelThreadsBefore = kernelThreadCpuSeconds();
  const benchBefore = process.cpuUsage();
  const start = performance.now();
  const backends: Backend[] = [];
  let batch: Batch;
  try {
    for (let set = 0; set < sets; set++) for (const plan of plans) backends.push(startBackend(plan, start));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not every backend was ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    });
    const readyMs = await Promise.race([Promise.all(backends.map((b) => b.ready)), timeout]).finally(() => clearTimeout(timer));
    const machineAfter = machineCpuSeconds();
    const kernelThreadsCpu = kernelThreadCpuSeconds() - kernelThreadsBefore;
    const benchUsage = process.cpuUsage(benchBefore);
    const cpu = backends.reduce((sum, b) => sum + treeCpuSeconds(b.child.pid!), 0);
    batch = {
      ms: Math.max(...readyMs),
      readyMs,
      cpu,
      cpuAtReady: backends.reduce((sum, b) => sum + (b.cpuAtReady ?? 0), 0),
      machineBusy: machineAfter.busy - machineBefore.busy,
      machineTotal: machineAfter.total - machineBefore.total,
      benchCpu: (benchUsage.user + benchUsage.system) / 1e6,
      kernelThreadsCpu,
      loadAtStart,
    };
  } finally {
    await stopAll(backends);
  }
  const left = ownChildren();
  if (left.length > 0) throw new Error(`processes left after stopping a batch: ${left.join(' ')}`);
  return batch;
}

export interface FleetFloorRound {
  one: Batch;
  many: Batch;
}

/** One set, then `sets` sets at once, in turn, round after round. */
export async function fleetFloorBench(plans: readonly BackendPlan[], sets: number, rounds: number): Promise<FleetFloorRound[]> {
  const results: FleetFloorRound[] = [];
  for (let round = 0; round < rounds; round++) {
    const one = await runBatch(plans, 1);
    await sleep(PAUSE_MS);
    const many = await runBatch(plans, sets);
    await sleep(PAUSE_MS);
    results.push({ one, many });
  }
  return results;
}

/** The machine's busy CPU seconds over a batch, of those there were, and whose they were. */
const busy = (b: Batch): string =>
  `${fmt(b.machineBusy, 1)} of ${fmt(b.machineTotal, 1)} (${fmt((100 * b.machineBusy) / b.machineTotal)} %): ${fmt(b.cpu, 1)} / ${fmt(b.benchCpu, 1)} / ${fmt(b.kernelThreadsCpu, 1)} / ${fmt(b.machineBusy - b.cpu - b.benchCpu - b.kernelThreadsCpu, 1)}`;

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const cpus = availableParallelism();
  const plans = backendPlans(cli, PROBES);
  const loadBefore = loadAverage();
  const started = new Date().toISOString();
  const results = await fleetFloorBench(plans, SETS, rounds);
  const loadAfter = loadAverage();

  const oneMs = median(results.map((r) => r.one.ms));
  const manyMs = median(results.map((r) => r.many.ms));
  const oneCpu = median(results.map((r) => r.one.cpu));
  const manyCpuPerSet = median(results.map((r) => r.many.cpu / SETS));
  const what = plans.map((p) => `${p.probe} (${p.backend})`).join(', ');
  console.log(
    `fleet floor: the backends \`probectl run ${PROBES.join(' ')} --dry-run\` plans, ${what}: one set, then ${SETS} sets at once (${SETS * plans.length} processes), in turn; spawn to every ready line, median of ${rounds} rounds (node ${process.version}, ${cpus} CPUs)`,
  );
  console.log(`started ${started}, load average before ${loadBefore}, after ${loadAfter}`);
  console.log('');
  console.log(
    `| one set ms | ${SETS} sets ms | ratio | CPU-s per set alone | CPU-s per set among ${SETS} | load average before / after | rounds, one / ${SETS} sets ms |`,
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | --- | --- |');
  const each = results.map((r) => `${fmt(r.one.ms)}/${fmt(r.many.ms)}`).join(', ');
  console.log(
    `| ${fmt(oneMs)} | ${fmt(manyMs)} | ${fmt(manyMs / oneMs, 1)}x | ${fmt(oneCpu, 2)} | ${fmt(manyCpuPerSet, 2)} | ${loadBefore} / ${loadAfter} | ${each} |`,
  );
  console.log('');
  const cpuBound = (SETS * oneCpu) / cpus / (oneMs / 1000);
  console.log(
    `At best, were CPU the only limit: ${SETS} x ${fmt(oneCpu, 2)} CPU-s / ${cpus} CPUs = ${fmt((SETS * oneCpu) / cpus, 1)} s, over one set's ${fmt(oneMs / 1000, 2)} s: ${fmt(cpuBound, 1)}x.`,
  );
  console.log(
    `With the CPU-s a set used among ${SETS}: ${SETS} x ${fmt(manyCpuPerSet, 2)} / ${cpus} = ${fmt((SETS * manyCpuPerSet) / cpus, 1)} s, ${fmt((SETS * manyCpuPerSet) / cpus / (oneMs / 1000), 1)}x.`,
  );
  console.log('');
  console.log(
    'Each backend alone in one set, ms to its ready line (median): ' +
      plans.map((p, i) => `${p.probe} ${fmt(median(results.map((r) => r.one.readyMs[i]!)))}`).join(', '),
  );
  console.log('');
  console.log(
    `| round | load average at start, one / ${SETS} | one set ms | ${SETS} sets ms: first, median, last ready | ratio | CPU-s one set, at its ready lines / at the last | CPU-s ${SETS} sets, at their ready lines / at the last | the machine's busy CPU-s over the batch, of all there were: backends / this benchmark / kernel threads / the rest, one set; ${SETS} sets |`,
  );
  console.log('| ---: | --- | ---: | --- | ---: | --- | --- | --- |');
  results.forEach((r, i) => {
    const many = r.many.readyMs;
    console.log(
      `| ${i + 1} | ${r.one.loadAtStart} / ${r.many.loadAtStart} | ${fmt(r.one.ms)} | ${fmt(Math.min(...many))}, ${fmt(median(many))}, ${fmt(r.many.ms)} | ${fmt(r.many.ms / r.one.ms, 1)}x | ${fmt(r.one.cpuAtReady, 2)} / ${fmt(r.one.cpu, 2)} | ${fmt(r.many.cpuAtReady, 2)} / ${fmt(r.many.cpu, 2)} | ${busy(r.one)}; ${busy(r.many)} |`,
    );
  });
}

if (isMain(import.meta.url)) await main();
