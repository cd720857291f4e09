import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { HostFacts } from '../../src/host/facts.js';
import { factsFromObservations } from '../../src/host/observed-facts.js';
import { remoteFactsScript } from '../../src/host/remote-facts-script.js';
import { localRingFacts } from '../../src/host/ring-facts.js';
import { hostToolNames } from '../../src/probes/probe-list.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A bpftrace that logs each program it is given, refuses kprobe and kfunc programs and any program matching `refuse`,
 * prints its printf text (as JSON records under -f json) and exits 0.
 */
function fakeBpftrace(refuse: string): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-remote-facts-'));
  dirs.push(dir);
  const log = join(dir, 'programs.log');
  writeFileSync(
    join(dir, 'bpftrace'),
    `#!/bin/sh
[ "$1" = --version ] && { echo 'bpftrace v0.21.0'; exit 0; }
json=; [ "$1" = -f ] && [ "$2" = json ] && { json=1; shift 2; }
program=$2
printf '%s\\n' "$program" >> ${log}
case "$program" in *kprobe:*|*kfunc:*) echo 'ERROR: Error attaching probe' >&2; exit 1;; esac
if [ -n '${refuse}' ] && printf '%s' "$program" | grep -q -- '${refuse}'; then echo 'ERROR: refused' >&2; exit 1; fi
say() { if [ -n "$json" ]; then printf '{"type": "printf", "data": "%s\\\\n"}\\n' "$1"; else printf '%s\\n' "$1"; fi; }
case "$program" in *strftime*) say 2026;; esac
case "$program" in *probectl*) say probectl;; esac
exit 0
`,
  );
  chmodSync(join(dir, 'bpftrace'), 0o755);
  return { dir, log };
}

function measured(refuse = ''): { facts: HostFacts; programs: string[] } {
  const fake = fakeBpftrace(refuse);
  const stdout = execFileSync('sh', ['-c', remoteFactsScript(hostToolNames, 10)], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${fake.dir}:${process.env.PATH}` },
  });
  assert.match(stdout, /^end\tok$/m);
  // The fake's own directory (in bpftrace's path) named alike, so that two measurements compare whole.
  const facts = JSON.parse(JSON.stringify(factsFromObservations(stdout, hostToolNames)).replaceAll(fake.dir, 'FAKE')) as HostFacts;
  return { facts, programs: readFileSync(fake.log, 'utf8').trim().split('\n') };
}

describe('the remote facts script', () => {
  it('runs BEGIN, the tracepoint attach, json and strftime as one bpftrace where that one succeeds: four starts instead of seven', () => {
    const { facts, programs } = measured();
    assert.equal(programs.length, 4, programs.join('\n'));
    assert.equal(facts.bpftrace.check.ok, true);
    assert.equal(facts.attach.tracepoint.ok, true);
    assert.equal(facts.attach.kprobe.ok, false);
    assert.equal(facts.attach.fentry.ok, false);
    assert.deepEqual(facts.bpftrace.features, ['json', 'strftime', 'args-struct']);
  });

  it('runs the four apart where the combined run fails, and then judges the host exactly as the combined run would have', () => {
    const combined = measured();
    const apart = measured('sys_enter_getpid.*strftime');
    assert.equal(apart.programs.length, 8, apart.programs.join('\n'));
    assert.deepEqual(apart.facts, combined.facts);
  });

  it('gives each of the four its own answer where they run apart: a bpftrace without -f json has strftime but not json', () => {
    const { facts, programs } = measured('probectl\\|sys_enter_getpid.*strftime');
    assert.equal(programs.length, 8);
    assert.equal(facts.attach.tracepoint.ok, true);
    assert.equal(facts.bpftrace.check.ok, true);
    assert.deepEqual(facts.bpftrace.features, ['strftime', 'args-struct']);
  });

  it('says the tracepoint attach failed with its own error where only that trial fails', () => {
    const { facts } = measured('sys_enter_getpid');
    assert.equal(facts.attach.tracepoint.ok, false);
    assert.match(facts.attach.tracepoint.detail, /refused/);
    assert.equal(facts.bpftrace.check.ok, true);
    assert.deepEqual(facts.bpftrace.features, ['json', 'strftime', 'args-struct']);
  });

  it("reads the host's online CPUs and page size as doctor reads them here (bpftrace's ring buffers are sized by both)", () => {
    const { facts } = measured();
    const here = localRingFacts();
    assert.ok(here.cpus !== undefined && here.pageBytes !== undefined, 'this machine shows /sys/devices/system/cpu/online and smaps');
    assert.equal(facts.cpus, here.cpus);
    assert.equal(facts.pageBytes, here.pageBytes);
  });
});
