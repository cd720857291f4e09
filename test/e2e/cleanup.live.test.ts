// Live, end to end through the CLI: however `probectl run` ends (its duration, SIGINT, SIGTERM, a probe that fails), no process or BPF program of its probes is left.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import type { PlanJson } from '../../src/run/plan-json.js';
import { liveOrSkip } from '../live.js';
import { loadedPrograms } from './bpf-programs.js';
import { ledGroups, MAIN, startCli, type CliEnd, type WatchedCli } from './cli-process.js';
import { awaitNothingLeft } from './leftovers.js';

/** Command lines of the tools these runs start (probectl's programs print these ready lines). */
const TOOL_PATTERNS = ['PROBECTL tcplife v1', 'PROBECTL opensnoop v1', 'probectl_no_such_function'];

/** A real bpftrace program that loads a tracepoint program, then fails to attach a kprobe (no such function; here, no kprobes at all). */
const FAILING_PROGRAM =
  'BEGIN { printf("PROBECTL broken v1\\n"); } tracepoint:syscalls:sys_enter_getpid { @n = count(); } kprobe:probectl_no_such_function { @k = count(); }';

const work = mkdtempSync(join(tmpdir(), 'pctl-e2e-cleanup-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function checkNothingLeft(
  t: { diagnostic(message: string): void },
  label: string,
  run: WatchedCli,
  before: ReadonlySet<number>,
  end: CliEnd,
): Promise<void> {
  const left = await awaitNothingLeft(run, before, TOOL_PATTERNS);
  const probes = [...ledGroups(run.started.values())].map((pid) => `${pid} ${run.started.get(pid)!.cmdline.replace(/\s+/g, ' ').slice(0, 40)}`);
  t.diagnostic(
    `${label}: exit ${end.code ?? end.signal}; probectl started ${run.started.size} processes, ${probes.length} in groups of their own (${probes.join(' | ')}); they held ${run.programs.size} BPF programs (${[...run.programs].join(', ')}); left: ${JSON.stringify(left)}`,
  );
  assert.deepEqual(left, { processes: [], pgrep: [], ours: [], orphans: [] }, `${label}: left behind`);
}

describe('probectl run leaves nothing behind (live)', () => {
  it('after its duration ends: exit 0, no probe process, no BPF program', { timeout: 120_000 }, async (t) => {
    if (!liveOrSkip(t)) return;
    const before = loadedPrograms();
    const run = startCli(['run', 'tcplife', 'opensnoop', '--duration', '2']);
    await run.ready(2);
    const held = new Set(run.programs);
    const end = await run.ended;
    assert.equal(end.code, 0, end.stderr);
    assert.ok(held.size > 0, 'the probes held no BPF program once ready: nothing was watched');
    await checkNothingLeft(t, 'duration', run, before, end);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`after ${signal} once both probes are ready: exit 0, no probe process, no BPF program`, { timeout: 120_000 }, async (t) => {
      if (!liveOrSkip(t)) return;
      const before = loadedPrograms();
      const run = startCli(['run', 'tcplife', 'opensnoop', '--duration', '30']);
      await run.ready(2);
      assert.ok(run.programs.size > 0, 'the probes held no BPF program once ready: nothing was watched');
      const sentAt = Date.now();
      run.signal(signal);
      const end = await run.ended;
      assert.equal(end.code, 0, end.stderr);
      assert.ok(Date.now() - sentAt < 10_000, `it took ${Date.now() - sentAt} ms to stop`);
      assert.match(end.stdout, /"probe":"tcplife"[^\n]*"state":"stopped"/);
      assert.match(end.stdout, /"probe":"opensnoop"[^\n]*"state":"stopped"/);
      await checkNothingLeft(t, signal, run, before, end);
    });
  }

  it('after a probe whose bpftrace fails to attach: exit 1, the failure reported, the other probe stopped, nothing left', { timeout: 120_000 }, async (t) => {
    if (!liveOrSkip(t)) return;
    const [tcplife] = JSON.parse(execFileSync(process.execPath, [MAIN, 'run', 'tcplife', '--dry-run'], { encoding: 'utf8' })) as PlanJson[];
    const broken: PlanJson = {
      probe: 'broken',
      backend: 'bpftrace',
      argv: ['bpftrace', '-e', FAILING_PROGRAM],
      env: {},
      parser: 'bpftrace',
      impl: 'bpftrace',
      ready: '/^PROBECTL broken v1$/m',
      filters: {},
    };
    const file = join(work, 'plans.json');
    writeFileSync(file, JSON.stringify({ plans: [tcplife, broken] }));
    const before = loadedPrograms();
    const run = startCli(['run', 'tcplife', 'broken', '--duration', '2'], { ...process.env, [PLAN_FILE_VARIABLE]: file });
    const end = await run.ended;
    assert.equal(end.code, 1, end.stderr);
    assert.match(end.stdout, /"probe":"broken"[^\n]*"state":"failed"[^\n]*probectl_no_such_function/);
    assert.match(end.stdout, /"probe":"tcplife"[^\n]*"state":"ready"/);
    assert.match(end.stdout, /"probe":"tcplife"[^\n]*"state":"stopped"/);
    assert.match(end.stderr, /1 of 2 probes failed: broken \(bpftrace\)/);
    await checkNothingLeft(t, 'failed probe', run, before, end);
  });
});
