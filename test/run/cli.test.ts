import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import { repoRoot } from '../recordings.js';
import { leftovers, makeFakes, runningFrom, statuses, type FakeName, type Fakes } from './fakes.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const FAST = ['--grace', '0.3'];
const lines = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);

describe('probectl run', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const names: FakeName[] = ['tcplife', 'opensnoop', 'retranscount', 'failearly', 'deafint', 'grandchild'];

  before(() => {
    fakes = makeFakes();
    work = mkdtempSync(join(tmpdir(), 'probectl-cli-'));
    fakes.planFile(work, ['tcplife'], { root: false, capabilities: [] }, 'unprivileged.json');
    env = { ...process.env, [PLAN_FILE_VARIABLE]: fakes.planFile(work, names) };
  });
  after(() => {
    fakes.remove();
    rmSync(work, { recursive: true, force: true });
  });

  const probectl = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [MAIN, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 20_000 });
  const noneStarted = () => assert.deepEqual(fakes.pids(), [], 'a probe was started');

  /**
   * Starts probectl, waits until every probe is ready, sends it a signal (or several, 300 ms apart), and collects
   * what it printed; ms: from the first signal to its exit.
   */
  function signalWhenReady(args: string[], count: number, signal: NodeJS.Signals, ...more: NodeJS.Signals[]) {
    const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    let firstAt = 0;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (!sent && (stdout.match(/"state":"ready"/g) ?? []).length === count) {
        sent = true;
        setTimeout(() => ((firstAt = performance.now()), child.kill(signal)), 100);
        more.forEach((s, i) => setTimeout(() => child.kill(s), 100 + 300 * (i + 1)));
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    return new Promise<{ code: number | null; stdout: string; stderr: string; probectl: number; ms: number }>((resolve) =>
      child.on('close', (code) => resolve({ code, stdout, stderr, probectl: child.pid!, ms: performance.now() - firstAt })),
    );
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops every probe gracefully on ${signal}, prints their last events and exits 0, leaving no process behind`, async () => {
      const result = await signalWhenReady(['run', 'tcplife', 'retranscount', 'grandchild', ...FAST], 3, signal);
      assert.equal(result.code, 0, result.stderr);
      const events = lines(result.stdout);
      assert.deepEqual(
        statuses(events)
          .filter((s) => s.state === 'stopped')
          .map((s) => s.probe)
          .sort(),
        ['grandchild', 'retranscount', 'tcplife'],
      );
      assert.ok(
        events.some((e) => e.type === 'tcp.retransmit.count'),
        'the table tcpretrans -c prints on SIGINT was parsed',
      );
      assert.deepEqual(
        events.map((e) => e.seq),
        events.map((_, i) => i + 1),
      );
      assert.match(result.stderr, /^probectl: \d+ events?, \d+ diagnostics?[^\n]*\n$/, 'only the closing line on stderr');
      assert.deepEqual(leftovers(fakes.pids()), []);
    });
  }

  it('kills every probe at once on a second SIGINT, a probe that ignores SIGINT included, keeps what they printed and exits 0', async () => {
    fakes.clearPids();
    const result = await signalWhenReady(['run', 'tcplife', 'deafint', '--grace', '10'], 2, 'SIGINT', 'SIGINT');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.ms < 3000, `${Math.round(result.ms)} ms from the first SIGINT to the exit, with 10 s grace periods`);
    const events = lines(result.stdout);
    const deaf = statuses(events, 'deafint').at(-1);
    assert.deepEqual([deaf?.state, deaf?.signal, deaf?.message], ['stopped', 'SIGKILL', 'did not stop on SIGINT; stopped with SIGKILL']);
    assert.deepEqual([statuses(events, 'tcplife').at(-1)?.state, statuses(events, 'tcplife').at(-1)?.message], ['stopped', 'stopped on SIGINT']);
    assert.ok(events.filter((e) => e.type === 'tcp.session').length >= 1, 'the rows printed before are out');
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    );
    assert.deepEqual(leftovers(fakes.pids()), []);
    assert.deepEqual(runningFrom(fakes.dir), []);
  });

  it('ends quietly with exit 0 when its reader closes (| head -1), stopping the probes and what they started', () => {
    fakes.clearPids();
    // grandchild leaves a background job in its group; deafint needs SIGTERM: neither may outlive the run.
    const script = `"${process.execPath}" "${MAIN}" run tcplife opensnoop grandchild deafint --grace 0.3 2>"${work}/head.err" | head -1 >"${work}/head.out"; echo "\${PIPESTATUS[0]}" >"${work}/head.status"`;
    const result = spawnSync('bash', ['-c', script], { env, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 0);
    assert.equal(readFileSync(join(work, 'head.status'), 'utf8').trim(), '0');
    assert.equal(readFileSync(join(work, 'head.err'), 'utf8'), '', 'nothing on stderr');
    assert.equal(lines(readFileSync(join(work, 'head.out'), 'utf8'))[0]?.type, 'probe.status');
    // A probe stopped before its shell ran a line has written no pid: look for leftovers by command line as well.
    assert.ok(fakes.pids().length >= 1, 'a probe was started');
    assert.deepEqual(leftovers(fakes.pids()), []);
    assert.deepEqual(runningFrom(fakes.dir), []);
  });

  it('exits 1 when a probe fails, after the others ran until the duration ended', () => {
    const result = probectl(['run', 'failearly', 'tcplife', '--duration', '0.3', ...FAST]);
    assert.equal(result.status, 1);
    const events = lines(result.stdout);
    assert.equal(statuses(events, 'failearly').at(-1)?.state, 'failed');
    assert.equal(statuses(events, 'tcplife').at(-1)?.state, 'stopped');
    assert.match(result.stderr, /probectl: 1 of 2 probes failed: failearly \(bcc\): ended before it was ready \(exit code 3\)/);
  });

  it('prints the plans with --dry-run and runs nothing', () => {
    fakes.clearPids();
    const result = probectl(['run', 'tcplife', 'retranscount', '--dry-run']);
    assert.equal(result.status, 0, result.stderr);
    const plans = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      plans.map((p) => [p.probe, p.backend, p.argv, p.env, p.ready]),
      [
        ['tcplife', 'libbpf', [fakes.path('tcplife')], { FAKE_STATE: fakes.dir }, '/MS\\n/'],
        ['retranscount', 'bcc', [fakes.path('retranscount')], { FAKE_STATE: fakes.dir }, '/Hit Ctrl-C to end/'],
      ],
    );
    noneStarted();
  });

  const refused: [string, string[], RegExp][] = [
    ['an awk/bpftrace injection in --comm', ['--comm', '"; system("id"); "'], /--comm may hold only letters, digits and _ \. : \/ \+ -/],
    ['a negative port', ['--port', '-1'], /--port must be a port from 1 to 65535/],
    ['a pid beyond 32 bits', ['--pid', '99999999999'], /--pid must be below 2\^32/],
    ['a pid that is not a number', ['--pid', '12; reboot'], /--pid /],
    ['a family other than 4 or 6', ['--family', '5'], /--family must be 4 or 6/],
    ['a port beyond 65535', ['--lport', '70000'], /--lport must be a port from 1 to 65535/],
    ['a negative duration', ['--duration', '-3'], /--duration must be a positive number of seconds/],
    ['an unknown backend', ['--backend', 'dtrace'], /--backend must be one of auto, bpftrace, bcc, libbpf/],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} with exit 2 and one clear line, before anything runs`, () => {
      fakes.clearPids();
      const result = probectl(['run', 'tcplife', ...args]);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      const [first, second, ...rest] = result.stderr.split('\n');
      assert.match(first ?? '', /^probectl: invalid option: /);
      assert.match(first ?? '', message);
      assert.ok(second !== undefined && second.length > 0 && rest.join('') === '', `two lines: ${result.stderr}`);
      noneStarted();
    });
  }

  const refusedOptions: [string, string[], RegExp, RegExp][] = [
    [
      "a probe's option without the probe",
      ['tcplife', '--iface', 'lo'],
      /^probectl: --iface is an option of xdpcount\.$/,
      /^Add xdpcount to the probes, or leave --iface out\.$/,
    ],
    ['a probe without its required option', ['xdpcount'], /^probectl: xdpcount needs --iface\.$/, /^Give --iface NAME/],
    [
      "a probe's option out of its range",
      ['xdpcount', 'tcplife', '--iface', 'lo', '--interval', '0'],
      /^probectl: xdpcount --interval must be at least 0\.1 s\.$/,
      /xdpcount's options/,
    ],
    [
      "a probe's option with a value it does not know",
      ['xdpcount', '--iface', 'lo', '--mode', 'hw'],
      /^probectl: xdpcount --mode must be one of auto, native, skb\.$/,
      /xdpcount's options/,
    ],
  ];
  for (const [what, args, first, second] of refusedOptions) {
    it(`refuses ${what} with exit 2, naming the probe and the flag, before anything runs`, () => {
      fakes.clearPids();
      const result = probectl(['run', ...args]);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      const [line1, line2, ...rest] = result.stderr.split('\n');
      assert.match(line1 ?? '', first);
      assert.match(line2 ?? '', second);
      assert.equal(rest.join(''), '');
      noneStarted();
    });
  }

  it('refuses to run without root or CAP_BPF/CAP_SYS_ADMIN, with exit 2, suggesting sudo', () => {
    fakes.clearPids();
    const result = probectl(['run', 'tcplife'], { [PLAN_FILE_VARIABLE]: join(work, 'unprivileged.json') });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^probectl: tcplife needs root: run it with sudo\.\nWithout root \(or CAP_BPF \/ CAP_SYS_ADMIN\) .*nothing was started/);
    noneStarted();
  });

  it('records each probe with --record so that probectl replay prints exactly its expected events', () => {
    const dir = join(work, 'rec');
    const result = probectl(['run', 'tcplife', 'opensnoop', '--duration', '0.3', '--record', dir, ...FAST]);
    assert.equal(result.status, 0, result.stderr);
    const live = lines(result.stdout);
    for (const probe of ['tcplife', 'opensnoop']) {
      const replayed = probectl(['replay', join(dir, probe)]);
      assert.equal(replayed.status, 0, replayed.stderr);
      assert.equal(replayed.stdout, readFileSync(join(dir, probe, 'expected.jsonl'), 'utf8'));
      const strip = (events: ProbeEvent[]) => events.map(({ seq: _s, ...rest }) => rest);
      assert.deepEqual(strip(lines(replayed.stdout)), strip(live.filter((e) => e.probe === probe && e.type !== 'probe.status')));
    }
  });

  it('prints a live table with a PROBE column for several probes, and no progress line when stderr is not a terminal', () => {
    const result = probectl(['run', 'tcplife', 'opensnoop', '--duration', '0.2', '--format', 'table', ...FAST]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /# tcp\.session\nTS +PROBE +TIME +ELAPSED_S +PID +COMM/); // every field of the type, empty where these rows have none (time)
    assert.match(result.stdout, /# probe\.status\nTS +PROBE +BACKEND +STATE/);
    assert.doesNotMatch(result.stderr, /compiling|attaching|starting…/);
    assert.match(result.stderr, /^probectl: \d+ events?, \d+ diagnostics?[^\n]*\n$/, 'only the closing line on stderr');
  });

  it('writes the events to --output instead of stdout', () => {
    const file = join(work, 'events.jsonl');
    const result = probectl(['run', 'tcplife', '--duration', '0.2', '--output', file, ...FAST]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.ok(existsSync(file));
    assert.equal(statuses(lines(readFileSync(file, 'utf8'))).at(-1)?.state, 'stopped');
  });
});
