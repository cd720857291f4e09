import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { probectl } from './cli-process.js';

/** A host that refuses at once: nothing listens on port 1 here. */
const NOWHERE = ['--hosts', 'root@127.0.0.1:1', '--connect-timeout', '2'];

/** Refused before any host is reached: exit 2, one line saying why, one saying what to do. */
function assertRefused(args: string[], why: RegExp): void {
  const { code, stdout, stderr } = probectl(['fleet', 'run', ...args]);
  assert.equal(code, 2, stderr);
  assert.equal(stdout, '');
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, stderr);
  assert.match(lines[0]!, why);
}

describe("fleet run takes run's options, and refuses with why those that cannot apply to a fleet", () => {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-fleet-options-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses --include-self and --dry-run, saying why', () => {
    assertRefused(['tcpdrop', ...NOWHERE, '--include-self'], /^probectl: --include-self does not apply to fleet run: a host's events are all kept/);
    assertRefused(
      ['tcpdrop', ...NOWHERE, '--dry-run'],
      /^probectl: --dry-run does not apply to fleet run: each host is planned on the facts measured over ssh/,
    );
  });

  it("checks the probes' own options by the probes' schemas, and refuses one no named probe takes", () => {
    assertRefused(['tcpdrop', ...NOWHERE, '--interval', '2'], /^probectl: --interval is an option of .*syscount/);
    assertRefused(['syscount', ...NOWHERE, '--interval', 'soon'], /--interval/);
  });

  it("refuses --label host (each event's host is the metrics' host label), and a --clock-interval out of bounds", () => {
    assertRefused(
      ['tcpdrop', ...NOWHERE, '--metrics', '127.0.0.1:0', '--label', 'host=x'],
      /^probectl: --label host: a fleet's metrics carry each event's host/,
    );
    assertRefused(['tcpdrop', ...NOWHERE, '--clock-interval', '0'], /--clock-interval must be at least 0\.1 seconds/);
    assertRefused(['tcpdrop', ...NOWHERE, '--clock-interval', '100000'], /--clock-interval must be at most 86400 seconds/);
  });

  it("refuses --record where a host's probe already has a recording, before any host is reached", () => {
    const record = join(dir, 'taken');
    mkdirSync(join(record, 'root@127.0.0.1:1', 'tcpdrop'), { recursive: true });
    writeFileSync(join(record, 'root@127.0.0.1:1', 'tcpdrop', 'meta.json'), '{}');
    assertRefused(['tcpdrop', ...NOWHERE, '--record', record], /root@127\.0\.0\.1:1\/tcpdrop is not empty/);
  });

  it('refuses --record when two hosts would record into one directory', () => {
    assertRefused(['tcpdrop', '--hosts', 'a/b,a_b', '--record', join(dir, 'two')], /hosts a\/b and a_b would record into one directory/);
  });

  it('takes the probe options, --record, --metrics, --pprof and --clock-interval and goes on to the hosts', () => {
    const { code, stderr } = probectl([
      'fleet',
      'run',
      'syscount',
      'profile',
      ...NOWHERE,
      '--interval',
      '2',
      '--per-process',
      '--record',
      join(dir, 'fresh'),
      '--metrics',
      '127.0.0.1:0',
      '--pprof',
      join(dir, 'cpu.pb.gz'),
      '--clock-interval',
      '5',
    ]);
    // Every option was taken: the run reached the host, which refused the connection.
    assert.equal(code, 2, stderr);
    assert.match(stderr, /probectl: serving metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
    assert.match(stderr, /no host ran: root@127\.0\.0\.1:1 \(unreachable\)/);
  });
});
