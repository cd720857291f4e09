// The host facts kept for this boot: reused while nothing they depend on changed, measured again when
// something did, never read from a file another user could have written.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { factsFingerprint, fingerprintName, forgetHostFacts, freshHostFacts, hostFacts } from '../../src/host/facts-cache.js';
import type { HostFacts } from '../../src/host/facts.js';
import { measureHostFacts, type MeasureOptions } from '../../src/host/measure.js';
import { hostToolNames as tools } from '../../src/probes/probe-list.js';
import { liveBlocker } from '../live.js';

describe('the kept host facts (root: only root keeps them)', { skip: liveBlocker() }, () => {
  let dir: string;
  let measured: HostFacts;
  let measurements: MeasureOptions[];
  const measure = async (options: MeasureOptions): Promise<HostFacts> => {
    measurements.push(options);
    return measured;
  };
  const kept = () => join(dir, 'probectl', 'host-facts');
  const file = () => join(kept(), `${fingerprintName(factsFingerprint({ tools }))}.json`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'probectl-facts-'));
    measured = await measureHostFacts({ tools });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('measures once, then gives the kept facts while nothing changed', async () => {
    measurements = [];
    forgetHostFacts(kept());
    assert.deepEqual(await hostFacts({ tools, dir: kept(), measure }), measured);
    assert.deepEqual(await hostFacts({ tools, dir: kept(), measure }), measured);
    assert.equal(measurements.length, 1);
    assert.ok(existsSync(file()));
  });

  it('measures again when something the facts depend on changed (here: PATH, the kernel headers directory)', async () => {
    measurements = [];
    await hostFacts({ tools, dir: kept(), measure });
    await hostFacts({ tools, dir: kept(), measure, path: '/usr/bin' });
    await hostFacts({ tools, dir: kept(), measure, modulesDir: dir });
    assert.equal(measurements.length, 2);
    // Each is kept beside the others: going back and forth (host, network namespace) measures nothing more.
    await hostFacts({ tools, dir: kept(), measure });
    await hostFacts({ tools, dir: kept(), measure, path: '/usr/bin' });
    await hostFacts({ tools, dir: kept(), measure, modulesDir: dir });
    assert.equal(measurements.length, 2);
    assert.notEqual(factsFingerprint({ tools, path: '/usr/bin' }), factsFingerprint({ tools, path: '/usr/sbin:/usr/bin' }));
    assert.equal(factsFingerprint({ tools }), factsFingerprint({ tools }), 'the fingerprint is stable while nothing changes');
    // A probe module that asks for another tool: looked for anew.
    assert.notEqual(factsFingerprint({ tools: { ...tools, libbpf: [...tools.libbpf, 'execsnoop'] } }), factsFingerprint({ tools }));
  });

  it('measures again after probectl is built again (the module that keeps them has a new mtime), bundled or not', () => {
    const module = fileURLToPath(new URL('../../src/host/facts-cache.js', import.meta.url));
    const { atime, mtime } = statSync(module);
    // Whole milliseconds, which utimes sets exactly: the fingerprint is the same again once the time is put back.
    const built = new Date(Math.floor(mtime.getTime()));
    utimesSync(module, atime, built);
    const before = factsFingerprint({ tools });
    try {
      utimesSync(module, atime, new Date(built.getTime() + 60_000));
      assert.notEqual(factsFingerprint({ tools }), before);
    } finally {
      utimesSync(module, atime, built);
    }
    assert.equal(factsFingerprint({ tools }), before);
  });

  it('ignores a kept file that others may write, or that does not parse, and measures', async () => {
    forgetHostFacts(kept());
    await hostFacts({ tools, dir: kept(), measure });
    measurements = [];
    chmodSync(file(), 0o666);
    await hostFacts({ tools, dir: kept(), measure });
    writeFileSync(file(), '{"fingerprint":', { mode: 0o600 });
    await hostFacts({ tools, dir: kept(), measure });
    assert.equal(measurements.length, 2, 'the open file and the broken file were both measured over');
    await hostFacts({ tools, dir: kept(), measure });
    assert.equal(measurements.length, 2, 'and the rewritten file is used again');
  });

  it('ignores a kept file of another fingerprint under the same name, and measures', async () => {
    forgetHostFacts(kept());
    await hostFacts({ tools, dir: kept(), measure, path: '/usr/bin' });
    measurements = [];
    // Two fingerprints whose names are the same: the file holds the other's, whose facts are not this host's.
    renameSync(join(kept(), `${fingerprintName(factsFingerprint({ tools, path: '/usr/bin' }))}.json`), file());
    await hostFacts({ tools, dir: kept(), measure });
    assert.equal(measurements.length, 1, 'measured over the other fingerprint');
    assert.equal(JSON.parse(readFileSync(file(), 'utf8')).fingerprint, factsFingerprint({ tools }), 'and kept under its own');
    await hostFacts({ tools, dir: kept(), measure });
    assert.equal(measurements.length, 1);
  });

  it('names each kept file by the FNV-1a hash of its fingerprint', () => {
    assert.equal(fingerprintName(''), '811c9dc5');
    assert.equal(fingerprintName('a'), 'e40c292c');
    assert.equal(fingerprintName('foobar'), 'bf9cf968');
  });

  it('a check that got no answer in time is tried once more with a longer limit, and such facts are never kept', async () => {
    const late: HostFacts = { ...measured, bpftrace: { ...measured.bpftrace, check: { ok: false, detail: 'no answer within 8 s', timedOut: true } } };
    // Busy at first, answered on the second try: the second try's facts are used and kept.
    forgetHostFacts(kept());
    measurements = [];
    let answers = [late, measured];
    const busy = async (options: MeasureOptions): Promise<HostFacts> => {
      measurements.push(options);
      return answers.shift() ?? late;
    };
    assert.deepEqual(await hostFacts({ tools, dir: kept(), measure: busy }), measured);
    assert.deepEqual(
      measurements.map((m) => m.timeoutMs),
      [undefined, 24000],
    );
    assert.ok(existsSync(file()));
    // Busy both times: the late facts are this run's, but the next run measures again.
    forgetHostFacts(kept());
    measurements = [];
    answers = [];
    assert.equal((await hostFacts({ tools, dir: kept(), measure: busy })).bpftrace.check.timedOut, true);
    assert.equal(existsSync(file()), false, 'timed-out facts are not kept');
    await freshHostFacts({ tools, dir: kept(), measure: busy });
    assert.equal(existsSync(file()), false, 'not by doctor either');
    assert.equal(measurements.length, 4);
  });

  it('doctor measures afresh every time and renews what run reads', async () => {
    measurements = [];
    await freshHostFacts({ tools, dir: kept(), measure });
    await freshHostFacts({ tools, dir: kept(), measure });
    await hostFacts({ tools, dir: kept(), measure });
    assert.equal(measurements.length, 2);
  });

  it('keeps at most eight fingerprints, the most recently measured', async () => {
    forgetHostFacts(kept());
    for (let i = 0; i < 10; i++) await freshHostFacts({ tools, dir: kept(), measure, path: `/nonexistent-${i}` });
    const names = readdirSync(kept());
    assert.equal(names.length, 8);
    assert.ok(names.includes(`${fingerprintName(factsFingerprint({ tools, path: '/nonexistent-9' }))}.json`));
  });

  it('forgets the kept facts on request, so that the next run measures', async () => {
    measurements = [];
    forgetHostFacts(kept());
    assert.equal(existsSync(kept()), false);
    await hostFacts({ tools, dir: kept(), measure });
    assert.equal(measurements.length, 1);
  });
});
