// Reading runbooks: the bundled ones load, and every mistake is reported at its line and column in the file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { loadRunbook, runbookFromSource } from '../../src/runbook/load.js';
import { RunbookSource } from '../../src/runbook/source.js';
import { RUNBOOKS, runbookFile } from './fixtures.js';

const BASE = readFileSync(runbookFile('tcp-health'), 'utf8');

/** The error for a text, which must be a RUNBOOK ProbectlError. */
function errorOf(text: string, file = 'tcp-health.yaml'): ProbectlError {
  try {
    runbookFromSource(RunbookSource.parse(file, text));
  } catch (error) {
    assert.ok(error instanceof ProbectlError, String(error));
    return error;
  }
  assert.fail('the runbook was accepted');
}

/** 1-based line and column of `needle` (the first after `after`, when given) in text. */
function positionOf(text: string, needle: string, after = ''): string {
  const offset = text.indexOf(needle, after === '' ? 0 : text.indexOf(after));
  assert.ok(offset >= 0, `${needle} is not in the text`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

describe('bundled runbooks', () => {
  const files = readdirSync(RUNBOOKS).filter((f) => f.endsWith('.yaml'));
  it('are the five the docs describe', () => {
    assert.deepEqual(files.sort(), ['cpu-hot.yaml', 'file-access-errors.yaml', 'tcp-health.yaml', 'workload-stalled.yaml', 'xdp-traffic-mix.yaml']);
  });
  for (const file of files)
    it(`${file} loads with its defaults${file.startsWith('xdp') ? ' and an interface' : ''}`, async () => {
      const runbook = await loadRunbook(join(RUNBOOKS, file), new Map(file.startsWith('xdp') ? [['iface', 'pctl-vb']] : []));
      assert.equal(`${runbook.name}.yaml`, file);
      assert.ok(runbook.assertions.length > 0 && runbook.probes.length > 0);
    });
});

describe('runbook errors point at the line and column', () => {
  const cases: Array<[string, string, string, string]> = [
    // [what, text, the token the error must point at, the message]
    [
      'a threshold that is not a number',
      BASE.replace('below: ${max_retransmits_per_s}', 'below: lots'),
      'lots',
      'assertions[0].below must be a number (or a ${parameter})',
    ],
    ['an unknown key', BASE.replace('    equals: 0', '    equals: 0\n    colour: red'), 'colour', 'assertions[1].colour is not a key here'],
    ['two comparisons', BASE.replace('    equals: 0', '    equals: 0\n    above: 1'), 'name: packets', 'assertions[1] must give exactly one comparison'],
    [
      'a field the event type lacks',
      BASE.replace('reason: NETFILTER_DROP', 'reasn: NETFILTER_DROP'),
      'reasn',
      'assertions[1].count.where.reasn is not a field of tcp.drop',
    ],
    [
      'a value of the wrong type for its field',
      BASE.replace('reason: NETFILTER_DROP', 'reason: 12'),
      '12',
      'assertions[1].count.where.reason cannot be a tcp.drop reason: must be a text',
    ],
    ['an unknown event type', BASE.replace('type: tcp.drop', 'type: tcp.dorp'), 'tcp.dorp', 'assertions[1].count.type must be one of'],
    ['an unknown probe', BASE.replace('  tcplife:\n    filters', '  tcplyfe:\n    filters'), 'tcplyfe', 'probes.tcplyfe is not a probe'],
    [
      'a filter probectl does not have',
      BASE.replace('    filters:\n      port: ${port}\n  tcpdrop', '    filters:\n      prt: ${port}\n  tcpdrop'),
      'prt',
      'probes.tcpretrans.filters.prt is not one of pid, comm, port',
    ],
    [
      'a filter value probectl refuses',
      BASE.replace('    filters:\n      port: ${port}\n  tcpdrop', '    filters:\n      comm: "a;b"\n  tcpdrop'),
      '"a;b"',
      'probes.tcpretrans.filters.comm may hold only letters, digits',
    ],
    [
      'a parameter spliced into text',
      BASE.replace('raddr: ${peer}', 'raddr: "10.0.0.${peer}"'),
      '"10.0.0.',
      'assertions[0].rate.where.raddr holds "10.0.0.${peer}": a parameter must be the whole value',
    ],
    [
      'an undeclared parameter',
      BASE.replace('raddr: ${peer}', 'raddr: ${pear}'),
      '${pear}',
      'assertions[0].rate.where.raddr names ${pear}, which the runbook does not declare',
    ],
    ['a default of the wrong type', BASE.replace('default: 5001', 'default: http'), 'http', 'parameters.port.default must be a port from 1 to 65535'],
    ['a negative duration', BASE.replace('duration: 10', 'duration: -1'), '-1', 'duration must be a positive number of seconds'],
    [
      'a message naming nothing known',
      BASE.replace('    equals: 0', '    equals: 0\n    message: drops on ${prot}'),
      'drops on',
      'assertions[1].message uses ${prot}, which is none of',
    ],
    ['YAML that does not parse', BASE.replace('duration: 10', 'duration: [10'), '', 'not valid YAML'],
  ];
  for (const [what, text, token, message] of cases)
    it(what, () => {
      const error = errorOf(text);
      assert.equal(error.code, 'RUNBOOK');
      const where = token === '' ? '' : positionOf(text, token, token === '12' ? 'reason: 12' : token === '-1' ? 'duration' : '');
      assert.ok(error.message.startsWith(`tcp-health.yaml:${where}`), `${error.message} does not start with tcp-health.yaml:${where}`);
      assert.ok(error.message.includes(message), `${error.message} does not say ${message}`);
    });

  it("settings on a probe without options, an unknown setting and a bad one are refused where written, by the probe's own schema", () => {
    const withSettings = BASE.replace('  tcpdrop:\n    filters', '  tcpdrop:\n    settings:\n      iface: lo\n    filters');
    assert.match(errorOf(withSettings).message, /^tcp-health\.yaml:\d+:\d+: probes\.tcpdrop\.settings has settings, and tcpdrop has no options of its own$/);
    const XDP = readFileSync(runbookFile('xdp-traffic-mix'), 'utf8');
    const unknown = errorOf(XDP.replace('      top: 5', '      tops: 5'), 'xdp-traffic-mix.yaml').message;
    assert.ok(
      unknown.startsWith(
        `xdp-traffic-mix.yaml:${positionOf(XDP.replace('      top: 5', '      tops: 5'), 'tops: 5')}: probes.xdpcount.settings.tops is not one of iface, interval, mode, filter, top, exclude_dns`,
      ),
      unknown,
    );
    const bad = errorOf(XDP.replace('      top: 5', '      top: 5\n      exclude_dns: sometimes').replace('${iface}', 'lo'), 'xdp-traffic-mix.yaml').message;
    assert.match(bad, /probes\.xdpcount\.settings\.exclude_dns /);
  });

  it('a required setting whose parameter has no value names the parameter to --set', () => {
    const XDP = readFileSync(runbookFile('xdp-traffic-mix'), 'utf8');
    const error = errorOf(XDP, 'xdp-traffic-mix.yaml');
    assert.equal(error.message, "xdp-traffic-mix.yaml gives xdpcount's iface by the parameter iface, which has no value.");
    assert.equal(error.suggestion, 'Give it: --set iface=IFACE.');
  });

  it('a missing key points at the mapping that lacks it', () => {
    const text = BASE.replace('duration: 10\n', '');
    assert.equal(errorOf(text).message, 'tcp-health.yaml:2:1: duration is required');
  });

  it('suggests quoting a parameter inside a flow mapping', () => {
    const text = BASE.replace('    filters:\n      port: ${port}\n  tcpdrop', '    filters: {port: ${port}}\n  tcpdrop');
    const error = errorOf(text);
    assert.match(error.message, /^tcp-health\.yaml:\d+:\d+: not valid YAML/);
    assert.match(error.suggestion, /quote a parameter/);
  });

  it('a file that does not exist is a RUNBOOK error naming the bundled runbooks', async () => {
    const file = join(RUNBOOKS, 'no-such.yaml');
    await assert.rejects(loadRunbook(file), (e: unknown) => {
      assert.ok(e instanceof ProbectlError && e.code === 'RUNBOOK');
      assert.equal(e.message, `there is no runbook file or bundled runbook ${JSON.stringify(file)}.`);
      const names = readdirSync(RUNBOOKS)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.replace(/\.yaml$/, ''))
        .sort();
      assert.ok(names.includes('workload-stalled'));
      assert.equal(e.suggestion, `Give the path of a runbook YAML file, or the name of a bundled one: ${names.join(', ')}.`);
      return true;
    });
  });

  it('a file that cannot be read for another reason says why', async () => {
    await assert.rejects(
      loadRunbook(RUNBOOKS), // a directory
      (e: unknown) => e instanceof ProbectlError && e.code === 'RUNBOOK' && /^cannot read the runbook .*: EISDIR/.test(e.message),
    );
  });
});
