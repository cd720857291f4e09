// Probes that misbehave under a real `probectl run`: killed from outside, flooding stderr, huge or broken lines, no header.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import { run } from '../../src/api/run.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { repoRoot } from '../recordings.js';
import {
  collect,
  FLOOD_LINES,
  FLOOD_ROWS,
  FLOOD_WARNING,
  HALF_ROW,
  leftovers,
  makeFakes,
  MANY_BIG_LINES,
  ROOT,
  runningFrom,
  statuses,
  type FakeName,
  type Fakes,
  removeFakeRun,
  setUpFakeRun,
} from './fakes.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const lines = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);
const fds = (events: ProbeEvent[], probe: string) => events.flatMap((e) => (e.type === 'file.open' && e.probe === probe ? [e.fd] : []));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The most memory a process has held so far (VmHWM), in MiB; undefined once it is gone. */
function peakMiB(pid: number): number | undefined {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

async function until(what: string, ok: () => boolean, withinMs = 15_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await sleep(10);
  }
}

describe('probectl run, when a probe misbehaves', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const names: FakeName[] = ['counter', 'tcplife', 'flood', 'biglines', 'manybiglines'];

  before(() => ({ fakes, work, env } = setUpFakeRun('faults', names)));
  after(() => removeFakeRun(fakes, work));
  // A test that fails before it stops its probectl must not leave it running: the suite would wait on it forever.
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** probectl run, its stdout to a file or a pipe; `peak` follows its VmHWM while it runs. */
  function start(args: string[], stdout: 'pipe' | number = 'pipe') {
    const child = spawn(process.execPath, [MAIN, 'run', ...args, '--grace', '0.3'], { env, stdio: ['ignore', stdout, 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const watch = { peak: 0 };
    const poll = setInterval(() => (watch.peak = peakMiB(child.pid!) ?? watch.peak), 20);
    const ended = new Promise<{ code: number | null; stderr: string }>((resolve) =>
      child.on('close', (code) => (clearInterval(poll), resolve({ code, stderr }))),
    );
    return { child, watch, ended };
  }

  it('reports a probe killed by SIGKILL mid-run as failed with the signal, keeps every line it printed, runs the others on, and exits 1', async () => {
    fakes.clearPids();
    const done = join(fakes.dir, 'counter.done');
    rmSync(done, { force: true });
    const { child, ended } = start(['counter', 'tcplife']);
    let stdout = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    await until('counter printed its rows', () => existsSync(done));
    process.kill(Number(readFileSync(join(fakes.dir, 'counter.pid'), 'utf8')), 'SIGKILL');
    await until('the failure is out', () => stdout.includes('"state":"failed"'));
    const failedAt = stdout.length;
    await until('tcplife ran on', () => (stdout.slice(failedAt).match(/"type":"tcp\.session"/g) ?? []).length >= 3);
    child.kill('SIGINT');
    const { code, stderr } = await ended;

    assert.equal(code, 1, stderr);
    const events = lines(stdout);
    const failed = statuses(events, 'counter').at(-1)!;
    assert.deepEqual(
      statuses(events, 'counter').map((s) => s.state),
      ['starting', 'ready', 'failed'],
    );
    assert.equal(failed.signal, 'SIGKILL');
    assert.equal(failed.exit_code, undefined);
    assert.match(failed.message ?? '', /^killed by SIGKILL, sent by the OOM killer or another process, not by probectl: .*\/etc\/ha$/);
    // Every row it printed, in order, and the half row it was killed in the middle of, before its status.
    assert.deepEqual(fds(events, 'counter'), range(1, 20));
    const half = events.find((e) => e.probe === 'counter' && e.type === 'tool.diagnostic');
    assert.ok(half?.type === 'tool.diagnostic' && half.level === 'unparsed' && half.message === HALF_ROW && half.stream === 'stdout', JSON.stringify(half));
    assert.ok(events.filter((e) => e.probe === 'counter' && e !== failed).every((e) => e.seq < failed.seq));
    assert.ok(events.filter((e) => e.type === 'tcp.session' && e.seq > failed.seq).length >= 3, 'tcplife ran on');
    assert.equal(statuses(events, 'tcplife').at(-1)?.state, 'stopped');
    assert.deepEqual(
      events.map((e) => e.seq),
      range(1, events.length),
    );
    assert.match(
      stderr,
      /^probectl: \d+ events[^\n]*\nprobectl: 1 of 2 probes failed: counter \(libbpf\): killed by SIGKILL, sent by the OOM killer or another process, not by probectl/,
    );
    assert.deepEqual(leftovers(fakes.pids()), []);
    assert.deepEqual(runningFrom(fakes.dir), []);
  });

  it(`stays bounded in memory while a probe floods stderr with ${FLOOD_LINES} lines, and delivers every stdout row and every stderr line`, async () => {
    const done = join(fakes.dir, 'flood.done');
    rmSync(done, { force: true });
    const file = join(work, 'flood.jsonl');
    const fd = openSync(file, 'w');
    const { child, watch, ended } = start(['flood'], fd);
    closeSync(fd);
    await until('the flood is over', () => existsSync(done), 60_000);
    child.kill('SIGINT');
    const { code, stderr } = await ended;
    assert.equal(code, 0, stderr);

    let warnings = 0;
    let other = 0;
    const rows: number[] = [];
    for await (const line of createInterface({ input: createReadStream(file) })) {
      const e = JSON.parse(line) as ProbeEvent;
      if (e.type === 'tool.diagnostic' && e.level === 'warning' && e.stream === 'stderr' && e.message === FLOOD_WARNING) warnings++;
      else if (e.type === 'file.open') rows.push(e.fd);
      else if (e.type !== 'probe.status') other++;
    }
    console.log(
      `stderr flood of ${FLOOD_LINES} lines: ${warnings} warnings and ${rows.length} rows out (${(statSync(file).size / 1e6).toFixed(0)} MB of JSONL), probectl's peak RSS ${watch.peak.toFixed(0)} MiB`,
    );
    assert.equal(warnings, FLOOD_LINES, 'one diagnostic for every stderr line');
    assert.deepEqual(rows, range(1, FLOOD_ROWS), 'every stdout row, in order');
    assert.equal(other, 0);
    // It reads no faster than it writes: the 52 MB of input and 180 MB of output never sit in memory.
    assert.ok(watch.peak > 0 && watch.peak < 200, `peak RSS ${watch.peak} MiB`);
  });

  it('passes on a 1,000,000-byte line whole, and cuts a 2 MiB line at the 1 MiB bound, escaping bytes that are not UTF-8', async () => {
    const { child, ended } = start(['biglines', '--duration', '0.5']);
    let stdout = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    const { code, stderr } = await ended;
    assert.equal(code, 0, stderr);
    const events = lines(stdout);
    const diagnostics = events.flatMap((e) => (e.type === 'tool.diagnostic' ? [e] : []));
    assert.deepEqual(
      diagnostics.map((d) => [d.level, d.stream]),
      [
        ['unparsed', 'stdout'],
        ['warning', 'stderr'],
      ],
    );
    assert.equal(diagnostics[0]!.message, 'x'.repeat(1_000_000));
    const dropped = 2 + 2_097_152 - 1_048_576;
    assert.equal(diagnostics[1]!.message, `line longer than the bound, ${dropped} bytes dropped: \\xff\\xfe${'y'.repeat(1_048_574)}`);
    assert.deepEqual(fds(events, 'biglines'), [17], 'the row after them parses');
  });

  it('holds a bounded amount of 1 MB lines while its reader stalls, then delivers them all', async () => {
    const { child, watch, ended } = start(['manybiglines']);
    await sleep(3000); // nobody reads: the pipe, then probectl's queue fill up, and the probe is paused
    const stalledPeak = watch.peak;
    let big = 0;
    let row = false;
    const reader = createInterface({ input: child.stdout! });
    reader.on('line', (line) => {
      if (line.length > 1_000_000 && line.includes('"level":"unparsed"')) big++;
      else if (line.includes('"type":"file.open"')) row = true;
    });
    await until('every line is out', () => row, 60_000);
    child.kill('SIGINT');
    const { code, stderr } = await ended;
    console.log(
      `${MANY_BIG_LINES} lines of 1 MB, reader stalled 3 s: probectl's peak RSS ${stalledPeak.toFixed(0)} MiB while stalled, ${watch.peak.toFixed(0)} MiB in all`,
    );
    assert.equal(code, 0, stderr);
    assert.equal(big, MANY_BIG_LINES);
    // 400 MB went through: held while stalled are about 8 MB of queued text (270 MiB of RSS when the queue was bounded by count alone),
    // and delivered lines are not kept (510 MiB of RSS when they were).
    assert.ok(stalledPeak > 0 && stalledPeak < 160, `peak RSS ${stalledPeak} MiB while the reader stalled`);
    assert.ok(watch.peak < 250, `peak RSS ${watch.peak} MiB`);
  });
});

describe('run(), when a probe never prints its header', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes()));
  after(() => fakes.remove());

  it('fails it once the ready timeout passes, saying what it printed, keeps those lines, and runs the others on', async () => {
    const events = await collect(
      run([fakes.plan('noheader'), fakes.plan('tcplife')], {
        facts: ROOT,
        host: 'test',
        graceMs: { int: 300, term: 300 },
        readyTimeoutMs: 300,
        durationMs: 400,
      }),
    );
    const failed = statuses(events, 'noheader').at(-1)!;
    assert.deepEqual(
      statuses(events, 'noheader').map((s) => s.state),
      ['starting', 'failed'],
    );
    assert.equal(failed.message, "not ready 300 ms after its start (no line matched /MS\\n/): libbpf: map 'events': failed to create: Operation not permitted");
    assert.equal(failed.signal, 'SIGINT', 'probectl stopped it');
    // Two descriptors: which of the two lines is read first is the event loop's to decide, not the order they were written in.
    const printed = events.flatMap((e) => (e.probe === 'noheader' && e.type === 'tool.diagnostic' ? [[e.stream, e.message, e.seq < failed.seq]] : []));
    printed.sort(([a], [b]) => String(b).localeCompare(String(a)));
    assert.deepEqual(printed, [
      ['stdout', 'loading BPF object', true],
      ['stderr', "libbpf: map 'events': failed to create: Operation not permitted", true],
    ]);
    assert.ok(events.filter((e) => e.type === 'tcp.session' && e.seq > failed.seq).length >= 3, 'tcplife ran on');
    assert.equal(statuses(events, 'tcplife').at(-1)?.state, 'stopped');
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});
