// probectl runbook run over hosts through the real CLI, where no host can run: usage errors, schema errors and no host reached all exit 2 before any probe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunbookResult } from '../../src/runbook/result.js';
import { repoRoot } from '../recordings.js';
import { recording, runbookFile } from './fixtures.js';
import { tempDir } from '../temp-dir.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const probectl = (args: string[]) => spawnSync(process.execPath, [MAIN, 'runbook', 'run', ...args], { encoding: 'utf8', timeout: 60_000 });
const work = tempDir('pctl-runbook-hosts-');
// Nothing listens on port 1 of the loopback: ssh is refused at once, and no host runs.
const NOBODY = ['--hosts', 'root@127.0.0.1:1', '--ssh-option', '-o UserKnownHostsFile=/dev/null'];

describe('probectl runbook run --hosts', () => {
  it('refuses --replay with --hosts, exit 2', () => {
    const r = probectl([runbookFile('tcp-health'), '--replay', recording('runbooks', 'tcp-clean'), ...NOBODY]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--replay rehearses on recordings, and --hosts\/--inventory run the probes on hosts: give one of them\./);
  });

  it('refuses per: hsot where it is written, exit 2, before any host is reached', () => {
    const file = join(work, 'typo.yaml');
    writeFileSync(
      file,
      readFileSync(runbookFile('tcp-health'), 'utf8').replace('  - name: retransmits per second\n', '  - name: retransmits per second\n    per: hsot\n'),
    );
    const r = probectl([file, ...NOBODY]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /typo\.yaml:\d+:10: assertions\[0\]\.per must be host \(the assertion checked on each host apart\)/);
    assert.doesNotMatch(r.stderr, /127\.0\.0\.1/);
  });

  it('exits 2 when no host ran, names the host and why, and still writes the report with the hosts table', () => {
    const report = join(work, 'nobody.json');
    const r = probectl([runbookFile('tcp-health'), ...NOBODY, '--report', report]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stdout, /^runbook tcp-health: could not observe: no host ran$/m);
    assert.match(r.stdout, /^Hosts: 0 of 1 host ran$/m);
    assert.match(r.stderr, /probectl: runbook tcp-health: no host ran: root@127\.0\.0\.1:1 \(unreachable\)/);
    const written = JSON.parse(readFileSync(report, 'utf8')) as RunbookResult;
    assert.deepEqual(
      written.hosts!.rows.map((h) => [h.host, h.state, h.reason, h.ran]),
      [['root@127.0.0.1:1', 'failed', 'unreachable', false]],
    );
  });
});
