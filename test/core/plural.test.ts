import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levelCount, plural, unitFor } from '../../src/core/plural.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { renderSummary } from '../../src/summary/render.js';
import { Summary } from '../../src/summary/summary.js';
import { count } from '../../src/tally/units.js';
import { probectl } from '../cli/cli-process.js';

describe('counts with their nouns', () => {
  it('says one in the singular and every other count in the plural', () => {
    assert.equal(plural(1, 'event'), '1 event');
    assert.equal(plural(0, 'event'), '0 events');
    assert.equal(plural(2, 'process', 'processes'), '2 processes');
    assert.equal(plural(12345, 'event', 'events', count), `${count(12345)} events`);
    assert.equal(unitFor(1, 'packets'), 'packet');
    assert.equal(unitFor(3, 'packets'), 'packets');
    assert.equal(unitFor(1, 'events/s'), 'events/s');
    assert.equal(unitFor(1, 'tx_kb'), 'tx_kb');
    assert.deepEqual(
      [levelCount(3, 'warning'), levelCount(1, 'error'), levelCount(2, 'unparsed'), levelCount(1, 'info')],
      ['3 warnings', '1 error', '2 unparsed lines', '1 info'],
    );
  });

  it('the summary counts diagnostics by level in words and says how many more there are than it lists', () => {
    const summary = new Summary();
    for (let i = 1; i <= 4; i++)
      summary.add({
        type: 'tool.diagnostic',
        ts: i,
        probe: 'tcplife',
        source: { impl: 'bcc', tool: 'tcplife', layout: 'bcc' },
        host: 'h',
        seq: i,
        level: 'warning',
        message: `warning ${i}`,
      } as ProbeEvent);
    const text = renderSummary(summary.report());
    assert.match(text, /^Diagnostics: 4 warnings$/m);
    assert.equal(text.match(/^ {2}warning tcplife: warning \d$/gm)?.length, 3);
    assert.match(text, /^ {2}… and 1 more warning$/m);
  });

  it('the closing line of parse says 1 event', () => {
    const { code, stderr } = probectl(['parse', 'opensnoop', 'recordings/opensnoop/libbpf-x/stdout']);
    assert.equal(code, 0);
    assert.equal(stderr, 'probectl: 1 event, 0 diagnostics\n');
  });

  it('a runbook of one assertion says it holds in the singular, and a threshold of 1 packet is one packet', () => {
    const one = probectl(['runbook', 'run', 'runbooks/file-access-errors.yaml', '--replay', 'recordings/runbooks/files-clean']);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^runbook file-access-errors: the 1 assertion holds$/m);
    const mix = probectl([
      'runbook',
      'run',
      'runbooks/xdp-traffic-mix.yaml',
      '--set',
      'iface=pctl-vb',
      '--set',
      'min_roce_share=0',
      '--replay',
      'recordings/labs/xdp',
    ]);
    assert.equal(mix.code, 0, mix.stderr);
    assert.match(mix.stdout, /^runbook xdp-traffic-mix: all 2 assertions hold$/m);
    assert.match(mix.stdout, /packets counted on the interface: \d+ packets \(must be at least 1 packet\)/);
    assert.doesNotMatch(mix.stdout + one.stdout, /\b1 (events|packets|assertions|matching events)\b/);
  });
});
