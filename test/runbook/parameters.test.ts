// --set: every value is checked as its declared type with probectl's own filter checks; nothing typed reaches a program as code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { planRun } from '../../src/api/run.js';
import { ProbectlError } from '../../src/core/errors.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { parseSets } from '../../src/runbook/parameters.js';
import { labFacts } from '../plan/host-facts.js';
import { RUNBOOKS, runbookFile } from './fixtures.js';
import { tempDir } from '../temp-dir.js';

const load = (name: string, sets: string[]) => loadRunbook(runbookFile(name), parseSets(sets));

async function refusal(name: string, sets: string[]): Promise<ProbectlError> {
  try {
    await load(name, sets);
  } catch (error) {
    assert.ok(error instanceof ProbectlError, String(error));
    return error;
  }
  assert.fail(`${sets.join(' ')} was accepted`);
}

describe('--set', () => {
  const attempts: Array<[string, string, RegExp]> = [
    ['tcp-health', 'port=5001 || 1', /port must be a port from 1 to 65535/],
    ['tcp-health', 'port=5001; rm -rf /', /port must be a port from 1 to 65535/],
    ['tcp-health', 'port=0x1389', /port must be a port from 1 to 65535/],
    ['tcp-health', 'port=1e3', /port must be a port from 1 to 65535/],
    ['tcp-health', 'port=70000', /port must be a port from 1 to 65535/],
    ['tcp-health', 'port=', /port must be a port from 1 to 65535/],
    ['tcp-health', 'peer=10.0.0.1 || 1', /peer must be an IPv4 or IPv6 address/],
    ['tcp-health', 'peer=$(id)', /peer must be an IPv4 or IPv6 address/],
    ['tcp-health', 'max_retransmits_per_s=-1', /must be a number/],
    ['tcp-health', 'max_retransmits_per_s=${port}', /must be a number/],
    ['file-access-errors', 'comm=x"); system("id', /comm may hold only letters, digits/],
    ['file-access-errors', 'comm=a b', /comm may hold only letters, digits/],
    ['file-access-errors', 'comm=${comm}', /comm may hold only letters, digits/],
    ['file-access-errors', 'comm=abcdefghijklmnop', /comm must be at most 15 characters/],
    ['xdp-traffic-mix', 'iface=eth0; reboot', /iface may hold only letters, digits/],
    ['xdp-traffic-mix', 'iface=../../etc', /iface may hold only letters, digits|iface must/],
  ];
  for (const [runbook, set, problem] of attempts)
    it(`refuses ${runbook} --set ${set}`, async () => {
      const error = await refusal(runbook, [set]);
      assert.equal(error.code, 'USAGE');
      assert.match(error.message, problem);
    });

  it('refuses a parameter the runbook does not declare, one given twice, and one without =', async () => {
    assert.match((await refusal('tcp-health', ['script=1'])).message, /declares no parameter script/);
    assert.throws(() => parseSets(['port=1', 'port=2']), /given twice/);
    assert.throws(() => parseSets(['port']), /expected NAME=VALUE/);
    assert.throws(() => parseSets(['po rt=1']), /expected NAME=VALUE/);
  });

  it('refuses every text that is not a port, and accepts exactly the ports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 12 }), async (text) => {
        const isPort = /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
        const outcome = await load('tcp-health', [`port=${text}`]).then(
          (r) => r.probes[0]!.filters.port,
          (e: unknown) => e,
        );
        if (isPort) assert.equal(outcome, Number(text));
        else assert.ok(outcome instanceof ProbectlError && outcome.code === 'USAGE');
      }),
      { numRuns: 300 },
    );
  });

  it('passes an accepted value to the probes as a filter, which plans exactly as probectl run --port would', async () => {
    const runbook = await load('tcp-health', ['port=8080']);
    for (const probe of runbook.probes) {
      assert.deepEqual(probe.filters, { port: 8080 });
      const fromRunbook = (await planRun([probe.probe], { filters: probe.filters, facts: labFacts() })).plans[0]!;
      const fromRun = (await planRun([probe.probe], { filters: { port: 8080 }, facts: labFacts() })).plans[0]!;
      assert.deepEqual(fromRunbook.argv, fromRun.argv);
    }
  });

  it('leaves out the filters and conditions of a parameter that has no value', async () => {
    const unset = await load('file-access-errors', []);
    assert.deepEqual(unset.probes[0]!.filters, {});
    assert.deepEqual(
      unset.assertions[0]!.where.map((c) => c.field),
      ['errno'],
    );
    const set = await load('file-access-errors', ['comm=pctl-files']);
    assert.deepEqual(set.probes[0]!.filters, { comm: 'pctl-files' });
    assert.deepEqual(
      set.assertions[0]!.where.map((c) => [c.field, c.values]),
      [
        ['errno', [0]],
        ['comm', ['pctl-files']],
      ],
    );
  });

  it('refuses a value outside the range the runbook declares, with the range in the message, on --set and on the default', async () => {
    for (const share of ['2', '1.01']) {
      const error = await refusal('xdp-traffic-mix', ['iface=lo', `min_roce_share=${share}`]);
      assert.equal(error.code, 'USAGE');
      assert.match(error.message, /min_roce_share must be from 0 to 1 \(the runbook's range for it\)\.$/);
    }
    for (const share of ['0', '0.25', '1']) {
      const runbook = await load('xdp-traffic-mix', ['iface=lo', `min_roce_share=${share}`]);
      assert.equal(runbook.parameters.min_roce_share, Number(share));
    }
    const dir = tempDir('pctl-range-');
    const text = readFileSync(runbookFile('xdp-traffic-mix'), 'utf8');
    writeFileSync(join(dir, 'default.yaml'), text.replace('default: 0.5', 'default: 1.5'));
    await assert.rejects(
      loadRunbook(join(dir, 'default.yaml'), parseSets(['iface=lo'])),
      /default\.yaml:\d+:\d+: parameters\.min_roce_share\.default must be from 0 to 1/,
    );
    writeFileSync(join(dir, 'inverted.yaml'), text.replace('max: 1', 'max: -1'));
    await assert.rejects(
      loadRunbook(join(dir, 'inverted.yaml'), parseSets(['iface=lo'])),
      /inverted\.yaml:\d+:\d+: parameters\.min_roce_share\.max must not be below min/,
    );
    writeFileSync(join(dir, 'iface.yaml'), text.replace('type: iface', 'type: iface\n    min: 1'));
    await assert.rejects(
      loadRunbook(join(dir, 'iface.yaml'), parseSets(['iface=lo'])),
      /parameters\.iface\.min is a range, which only parameters of type number, port, pid take/,
    );
  });

  it('every number parameter of the bundled runbooks declares its range', () => {
    for (const name of readdirSync(RUNBOOKS).filter((f) => f.endsWith('.yaml'))) {
      const doc = parse(readFileSync(join(RUNBOOKS, name), 'utf8')) as { parameters?: Record<string, { type: string; min?: number; max?: number }> };
      for (const [parameter, declared] of Object.entries(doc.parameters ?? {}))
        if (declared.type === 'number') assert.ok(declared.min !== undefined || declared.max !== undefined, `${name}: ${parameter} declares no range`);
    }
  });

  it('xdp-traffic-mix needs an interface', async () => {
    const error = await refusal('xdp-traffic-mix', []);
    assert.equal(error.code, 'USAGE');
    assert.match(error.suggestion, /--set iface=IFACE/);
  });
});
