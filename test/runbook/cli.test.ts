// probectl runbook run through the real CLI: exit 0 when every assertion holds, 1 on a breach, 2 when it could not run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProbectlError, exitCodeOf } from '../../src/core/errors.js';
import { runRunbook } from '../../src/runbook/execute.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { outcomeError } from '../../src/runbook/outcome.js';
import { liveOrSkip } from '../live.js';
import { labFacts } from '../plan/host-facts.js';
import { repoRoot } from '../recordings.js';
import { recording, runbookFile } from './fixtures.js';
import { tempDir } from '../temp-dir.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const probectl = (args: string[]) => spawnSync(process.execPath, [MAIN, 'runbook', 'run', ...args], { encoding: 'utf8', timeout: 30_000 });
const work = tempDir('pctl-runbook-cli-');

describe('probectl runbook run', () => {
  it('exits 0 when every assertion holds, and says so', () => {
    const r = probectl([runbookFile('tcp-health'), '--replay', recording('runbooks', 'tcp-clean')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^runbook tcp-health: all 2 assertions hold$/m);
    assert.match(r.stdout, /^PASS {2}retransmits per second: 0 events\/s/m);
  });

  it('exits 1 when an assertion is breached, prints its evidence, and writes the report it was asked for', () => {
    const report = join(work, 'loss.json');
    const r = probectl([runbookFile('tcp-health'), '--replay', recording('runbooks', 'tcp-loss'), '--report', report]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^FAIL {2}packets the firewall dropped \(NETFILTER_DROP\): \d+ events \(must be equal to 0 events\)$/m);
    assert.match(r.stderr, /probectl: runbook tcp-health: 1 of 2 assertions breached\./);
    const written = JSON.parse(readFileSync(report, 'utf8'));
    assert.equal(written.breached, 1);
    assert.equal(written.assertions[1].value, written.summary.drops.by_reason.find((d: { key: string }) => d.key === 'NETFILTER_DROP').count);
  });

  it('exits 1 with one ALERT line per stalled task', () => {
    const r = probectl([runbookFile('workload-stalled'), '--replay', recording('runbooks', 'tcp-loss')]);
    assert.equal(r.status, 1, r.stderr);
    assert.ok((r.stdout.match(/^ {2}ALERT task \d+ \(pctl-cli\) on vm is blocked by network congestion$/gm) ?? []).length > 0, r.stdout);
  });

  it('takes a bundled runbook by its name, from any directory, as watch --runbook does', () => {
    const byName = spawnSync(process.execPath, [MAIN, 'runbook', 'run', 'workload-stalled', '--replay', recording('runbooks', 'tcp-loss')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const byFile = probectl([runbookFile('workload-stalled'), '--replay', recording('runbooks', 'tcp-loss')]);
    assert.equal(byName.status, 1, byName.stderr);
    assert.equal(byName.stdout, byFile.stdout);
    const unknown = spawnSync(process.execPath, [MAIN, 'runbook', 'run', 'workload-stall'], { cwd: work, encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.match(
      unknown.stderr,
      /^probectl: there is no runbook file or bundled runbook "workload-stall"\.\nGive the path of a runbook YAML file, or the name of a bundled one: .*workload-stalled.*\.\n$/,
    );
  });

  it('exits 2 for a runbook that is not valid, naming the line and column', () => {
    const file = join(work, 'broken.yaml');
    writeFileSync(file, readFileSync(runbookFile('tcp-health'), 'utf8').replace('equals: 0', 'equals: none'));
    const r = probectl([file, '--replay', recording('runbooks', 'tcp-clean')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`^probectl: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: assertions\\[1\\]\\.equals must be a number`));
    assert.equal(r.stdout, '');
  });

  it('exits 2 for a --set it refuses, a replay directory without the probes, a report format it cannot write, a missing file', () => {
    for (const args of [
      [runbookFile('tcp-health'), '--set', 'port=5001 or 1', '--replay', recording('runbooks', 'tcp-clean')],
      [runbookFile('tcp-health'), '--replay', recording('runbooks', 'files-clean')],
      [runbookFile('tcp-health'), '--replay', recording('runbooks', 'tcp-clean'), '--report', join(work, 'r.pdf')],
      [join(work, 'none.yaml')],
    ]) {
      const r = probectl(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^probectl: /);
    }
    assert.ok(!existsSync(join(work, 'r.pdf')));
  });

  it('exits 2 when preflight fails, starting nothing (run as nobody: needs root to switch)', (t) => {
    if (!liveOrSkip(t)) return;
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, MAIN, 'runbook', 'run', runbookFile('tcp-health')], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: tmpdir(),
      env: { ...process.env, HOME: tmpdir() },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /^probectl: tcp-health: preflight failed \(root, bpf, probe tcpretrans, probe tcpdrop, probe tcplife\), nothing was started; root: not running as root\.$/m,
    );
  });
});

describe('the exit codes', () => {
  it('come from the verdict: a failed probe outweighs a breach', async () => {
    const breached = await runRunbook(await loadRunbook(runbookFile('tcp-health')), { replay: recording('runbooks', 'tcp-loss') });
    assert.equal(exitCodeOf(outcomeError(breached)), 1);
    assert.equal(exitCodeOf(outcomeError({ ...breached, failed_probes: ['tcpdrop (bpftrace): ended with code 1'] })), 2);
    assert.equal(outcomeError({ ...breached, breached: 0, passed: true }), undefined);
    // What existed before keeps its code: a probe failing under probectl run is 1, refusals are 2.
    assert.equal(exitCodeOf(new ProbectlError('CHILD_FAILED', 'x', 'y')), 1);
    for (const code of ['USAGE', 'RUNBOOK', 'NO_BACKEND', 'PRIVILEGES', 'BAD_RECORDING'] as const)
      assert.equal(exitCodeOf(new ProbectlError(code, 'x', 'y')), 2);
  });

  it('preflight checks the facts doctor measures: without root nothing starts', async () => {
    const facts = { ...labFacts(), root: false, capabilities: [] };
    await assert.rejects(
      runRunbook(await loadRunbook(runbookFile('tcp-health')), { facts }),
      (e: unknown) => e instanceof ProbectlError && e.code === 'RUNBOOK' && /preflight failed \(root, bpf\), nothing was started/.test(e.message),
    );
  });
});
