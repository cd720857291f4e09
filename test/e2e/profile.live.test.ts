// Live: `probectl run profile` on a C program spinning in one function; its samples against the CPU time the kernel
// charged it, its pprof read by go tool pprof, its folded total, and its flame graph in headless Chromium.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, it, type TestContext } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';
import { readPng } from '../runbook/png.js';
import { goPprof } from '../go-pprof.js';
import { startCli } from './cli-process.js';

const HZ = 99;
const SPIN_SECONDS = 5;
const SPINNER = 'probectl_spin_here';
const COMM = 'pctl-spin';

/**
 * Spins SPIN_SECONDS of wall time in one function on one CPU, then prints the CPU time the kernel charged it (user + system,
 * getrusage) in microseconds, and lives one more second: bpftrace names a process's user frames only while it lives.
 */
const SPINNER_SOURCE = `
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
volatile unsigned long sink;
__attribute__((noinline)) void ${SPINNER}(double seconds) {
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  do {
    for (int i = 0; i < 100000; i++) sink += i;
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
}
int main(void) {
  ${SPINNER}(${SPIN_SECONDS});
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("%ld\\n", (long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000L + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  fflush(stdout);
  sleep(1);
  return 0;
}
`;

const work = mkdtempSync(join(tmpdir(), 'pctl-profile-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the spinner; resolves with its pid and the CPU time it reported. */
function spin(binary: string): { pid: number; done: Promise<number> } {
  const child = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = new Promise<number>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`the spinner ended with ${code}: ${out}`)))),
  );
  return { pid: child.pid!, done };
}

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => existsSync(path));

function chromiumOrSkip(t: TestContext): string | undefined {
  if (CHROMIUM !== undefined) return CHROMIUM;
  const reason = 'no Chromium (scripts/setup.sh installs the chromium package)';
  if (process.env.CI === 'true') assert.fail(`${reason}; CI=true requires this test to run`);
  t.skip(reason);
  return undefined;
}

function headless(binary: string, page: string, ...args: string[]) {
  const profile = mkdtempSync(join(work, 'chromium-'));
  const result = spawnSync(
    binary,
    ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--window-size=1200,800', ...args, pathToFileURL(page).href],
    { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: { ...process.env, HOME: profile } },
  );
  assert.equal(result.error, undefined, `chromium did not finish: ${result.error}`);
  return result;
}

it(`profile: a process spinning ${SPIN_SECONDS} s in one function has ${HZ} samples per CPU second in it, in pprof, folded stacks and a flame graph`, {
  timeout: 180_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const binary = join(work, COMM);
  writeFileSync(join(work, 'spin.c'), SPINNER_SOURCE);
  execFileSync('gcc', ['-O1', '-g', '-fno-omit-frame-pointer', '-o', binary, join(work, 'spin.c')]);
  const files = { pprof: join(work, 'cpu.pb.gz'), folded: join(work, 'cpu.folded'), flamegraph: join(work, 'cpu.html') };
  const cli = startCli(['run', 'profile', '--comm', COMM, '--pprof', files.pprof, '--folded', files.folded, '--flamegraph', files.flamegraph]);
  let cpuMicros: number;
  let pid: number;
  try {
    await cli.ready(1);
    const spinner = spin(binary);
    pid = spinner.pid;
    cpuMicros = await spinner.done;
  } finally {
    cli.signal('SIGINT');
  }
  const end = await cli.ended;
  assert.equal(end.code, 0, end.stderr);
  const stacks = end.stdout
    .split('\n')
    .filter((l) => l.includes('"type":"profile.stack"'))
    .map((l) => JSON.parse(l) as EventOf<'profile.stack'>);
  const ours = stacks.filter((e) => e.pid === pid);
  const samples = ours.reduce((n, e) => n + e.count, 0);
  const inSpinner = ours.filter((e) => e.ustack.some((f) => f.fn === SPINNER)).reduce((n, e) => n + e.count, 0);

  // Ground truth: the CPU time the kernel charged the spinner. On a busy machine it is on a CPU less than its 5 s of wall time,
  // and a perf event samples only while it is.
  const expected = (cpuMicros / 1e6) * HZ;
  t.diagnostic(
    `spinner: ${(cpuMicros / 1e6).toFixed(3)} s of CPU in ${SPIN_SECONDS} s, so ${expected.toFixed(1)} samples expected; ${samples} sampled, ${inSpinner} in ${SPINNER}`,
  );
  assert.ok(cpuMicros > 0.5e6, `the spinner got only ${cpuMicros} µs of CPU: too little to measure against`);
  assert.ok(Math.abs(samples - expected) <= 0.1 * expected, `${samples} samples, expected ${expected.toFixed(1)} ± 10 %`);
  assert.ok(inSpinner >= 0.9 * samples, `${inSpinner} of ${samples} samples are in ${SPINNER}`);
  assert.ok(
    ours.every((e) => e.comm === COMM && e.hz === HZ),
    'every sample names the process',
  );

  // go tool pprof reads the file and lists the spinning function first.
  const top = goPprof(t, '-top', '-sample_index=samples', `-tagfocus=comm=${COMM}`, files.pprof);
  if (top !== undefined) {
    assert.equal(top.status, 0, top.stderr);
    const first = top.stdout.split('\n').find((l) => /^\s+\d+\s+[\d.]+%/.test(l));
    assert.ok(first !== undefined, top.stdout);
    assert.equal(first.trim().split(/\s+/).slice(5).join(' '), SPINNER, top.stdout);
  }

  // The folded file holds every sample of the run, one count per line.
  const folded = readFileSync(files.folded, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const foldedTotal = folded.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  assert.equal(
    foldedTotal,
    stacks.reduce((n, e) => n + e.count, 0),
  );
  assert.ok(folded.some((l) => l.startsWith(`${COMM};`) && l.includes(`;${SPINNER} `)));

  // The flame graph, opened in headless Chromium: a real picture, and the spinning function's frame by its text.
  const chromium = chromiumOrSkip(t);
  if (chromium === undefined) return;
  const png = join(work, 'flame.png');
  headless(chromium, files.flamegraph, `--screenshot=${png}`);
  assert.ok(existsSync(png) && statSync(png).size > 5_000, 'no screenshot');
  const image = readPng(readFileSync(png));
  assert.ok(image.colours > 20, `the screenshot has ${image.colours} colours`);
  const dom = headless(chromium, files.flamegraph, '--dump-dom').stdout;
  const frame = new RegExp(`<g class="frame" data-name="${SPINNER}" data-samples="(\\d+)">[\\s\\S]*?<text [^>]*>${SPINNER}</text>`).exec(dom);
  assert.ok(frame !== null, `no frame labelled ${SPINNER} in the rendered page`);
  assert.equal(Number(frame[1]), inSpinner + stacks.filter((e) => e.pid !== pid && e.ustack.some((f) => f.fn === SPINNER)).reduce((n, e) => n + e.count, 0));
});
