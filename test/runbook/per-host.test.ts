// Assertions over hosts: `per: host` in the schema, each host evaluated apart (a breach names its host), over all hosts together without it, labels as per-host parameters, and the exit code of every combination.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exitCodeOf, ProbectlError } from '../../src/core/errors.js';
import type { ProbeEvent } from '../../src/events/index.js';
import type { HostRow } from '../../src/fleet/hosts-table.js';
import { eventSchema } from '../../src/probes/registry.js';
import { AssertionCounter } from '../../src/runbook/assertion-counter.js';
import { runRunbook } from '../../src/runbook/execute.js';
import { hostRunbooks } from '../../src/runbook/host-runbooks.js';
import { renderHtml } from '../../src/runbook/html-report.js';
import { runbookFromSource } from '../../src/runbook/load.js';
import { renderMarkdown } from '../../src/runbook/markdown-report.js';
import { outcomeError } from '../../src/runbook/outcome.js';
import { PerHostCounter } from '../../src/runbook/per-host-counter.js';
import type { RunbookResult } from '../../src/runbook/result.js';
import { RunbookSource } from '../../src/runbook/source.js';
import { Summary } from '../../src/summary/summary.js';
import { renderText } from '../../src/runbook/text.js';
import { expectedEvents, recording, replayDir, runbookFile } from './fixtures.js';

const RUNBOOK = `name: drops
parameters:
  port: {type: port, default: 5001}
probes:
  tcpdrop:
    filters:
      port: \${port}
duration: 10
assertions:
  - name: drops per host
    per: host
    count:
      type: tcp.drop
      where:
        reason: NETFILTER_DROP
        dport: \${port}
    below: 2
    message: \${host} dropped \${value} to \${port}
  - name: drops in all
    count: {type: tcp.drop, where: {reason: NETFILTER_DROP}}
    below: 5
`;
const load = (text = RUNBOOK, sets = new Map<string, string>()) => runbookFromSource(RunbookSource.parse('drops.yaml', text), sets);

let seq = 0;
const drop = (host: string, dport = 5001, ts = 1_000): ProbeEvent =>
  eventSchema.parse({
    type: 'tcp.drop',
    ts,
    probe: 'tcpdrop',
    source: { impl: 'bpftrace', tool: 'tcpdrop', layout: 'test' },
    host,
    seq: ++seq,
    saddr: '10.0.0.1',
    sport: 40000,
    daddr: '10.0.0.2',
    dport,
    reason: 'NETFILTER_DROP',
  });
const status = (host: string): ProbeEvent =>
  eventSchema.parse({
    type: 'probe.status',
    ts: 900,
    probe: 'tcpdrop',
    source: { impl: 'probectl', tool: 'probectl', layout: 'status' },
    host,
    seq: ++seq,
    state: 'ready',
    backend: 'bpftrace',
  });

describe('per in the runbook schema', () => {
  it('per: host is read into the assertion; without it the assertion has no grouping', () => {
    const [perHost, all] = load().assertions;
    assert.equal(perHost!.per, 'host');
    assert.equal(all!.per, undefined);
  });

  it('refuses any other grouping where it is written, saying what per takes, before anything runs', () => {
    const text = RUNBOOK.replace('per: host', 'per: hsot');
    assert.throws(
      () => load(text),
      (error: unknown) =>
        error instanceof ProbectlError &&
        error.code === 'RUNBOOK' &&
        error.message ===
          'drops.yaml:11:10: assertions[0].per must be host (the assertion checked on each host apart); leave it out to check it over all hosts together',
    );
  });
});

describe('per: host evaluation', () => {
  const events = [status('web-1'), status('web-2'), drop('web-1'), drop('web-1'), drop('web-1'), drop('web-2', 5001), drop('web-2', 6000)];

  it('checks each host apart: the breach names the host, each host has its verdict, its message its own host', () => {
    const spec = load().assertions[0]!;
    const counter = new PerHostCounter(spec);
    for (const e of events) counter.add(e);
    const result = counter.result({ observedS: () => 10, parameters: () => ({ port: 5001 }) });
    assert.equal(result.passed, false);
    assert.equal(result.per, 'host');
    assert.deepEqual(
      result.hosts!.map((h) => [h.host, h.observed, h.passed, h.value, h.matched]),
      [
        ['web-1', true, false, 3, 3],
        ['web-2', true, true, 1, 1],
      ],
    );
    assert.deepEqual(
      result.breaches.map((b) => [b.key, b.value]),
      [[{ host: 'web-1' }, 3]],
    );
    assert.equal(result.value, 3, 'the worst host');
    assert.equal(result.matched, 4);
    assert.deepEqual(result.messages, ['web-1 dropped 3 to 5001']);
  });

  it('without per, the same events are one group over all hosts', () => {
    const spec = load().assertions[0]!;
    const counter = new AssertionCounter({ ...spec, per: undefined });
    for (const e of events) counter.add(e);
    const result = counter.result({ observedS: 10, parameters: { port: 5001 } });
    assert.equal(result.value, 4);
    assert.equal(result.hosts, undefined);
  });

  it('lists a host that did not run without a verdict, and does not count it as passing or breaching', () => {
    const spec = load().assertions[0]!;
    const counter = new PerHostCounter(spec);
    for (const e of events.filter((e) => e.host === 'web-2')) counter.add(e);
    const result = counter.result({
      hosts: [
        { host: 'web-1', ran: false },
        { host: 'web-2', ran: true },
      ],
      observedS: () => 10,
      parameters: () => ({ port: 5001 }),
    });
    assert.equal(result.passed, true);
    assert.deepEqual(
      result.hosts!.map((h) => [h.host, h.observed, h.value]),
      [
        ['web-1', false, null],
        ['web-2', true, 1],
      ],
    );
    assert.equal(result.note, '1 host did not run: not checked there');
  });

  it('a rate is per second of each host its own observed time', () => {
    const spec = { ...load().assertions[0]!, measure: 'rate' as const, threshold: 0.2 };
    const counter = new PerHostCounter(spec);
    for (const e of events) counter.add(e);
    const seconds: Record<string, number> = { 'web-1': 30, 'web-2': 2 };
    const result = counter.result({ observedS: (h) => seconds[h]!, parameters: () => ({ port: 5001 }) });
    assert.deepEqual(
      result.hosts!.map((h) => [h.host, h.value, h.passed]),
      [
        ['web-1', 0.1, true],
        ['web-2', 0.5, false],
      ],
    );
  });

  it('split by key on each host: each breaching key carries its host', () => {
    const spec = { ...load().assertions[0]!, by: ['dport'], where: [], threshold: 1 };
    const counter = new PerHostCounter(spec);
    for (const e of events) counter.add(e);
    const result = counter.result({ observedS: () => 10, parameters: () => ({ port: 5001 }) });
    assert.deepEqual(
      result.breaches.map((b) => [b.key, b.value]).sort(),
      [
        [{ host: 'web-1', dport: 5001 }, 3],
        [{ host: 'web-2', dport: 5001 }, 1],
        [{ host: 'web-2', dport: 6000 }, 1],
      ].sort(),
    );
  });

  it('run locally (one host, here a replay), per: host is one group: the same number as over all hosts', async () => {
    const dir = recording('runbooks', 'tcp-loss');
    const text = readFileSync(runbookFile('tcp-health'), 'utf8').replace(
      '  - name: packets the firewall',
      '  - name: packets per host\n    per: host\n    count:\n      type: tcp.drop\n      where:\n        reason: NETFILTER_DROP\n    equals: 0\n  - name: packets the firewall',
    );
    const runbook = runbookFromSource(RunbookSource.parse('tcp-health.yaml', text));
    const result = await runRunbook(runbook, { replay: replayDir({ tcpretrans: `${dir}/tcpretrans`, tcpdrop: `${dir}/tcpdrop`, tcplife: `${dir}/tcplife` }) });
    const [, perHost, all] = result.assertions;
    const host = expectedEvents(`${dir}/tcpdrop`)[0]!.host;
    assert.deepEqual(
      perHost!.hosts!.map((h) => [h.host, h.value]),
      [[host, all!.value]],
    );
    assert.ok(all!.value! > 0);
    assert.deepEqual(perHost!.breaches[0]!.key, { host });
  });
});

describe('inventory labels as per-host parameters', () => {
  const targets = [
    { name: 'web-1', host: '10.0.0.1', labels: { port: '5101', rack: 'a' } },
    { name: 'web-2', host: '10.0.0.2' },
  ];

  it('a label named like a parameter gives that host its value, over --set and the default; other hosts keep the runbook', () => {
    const source = RunbookSource.parse('drops.yaml', RUNBOOK.replace('    message: ${host} dropped ${value} to ${port}\n', ''));
    const runbookFor = hostRunbooks(source, new Map([['port', '5200']]), targets);
    assert.equal(runbookFor('web-1').parameters.port, 5101);
    assert.deepEqual(runbookFor('web-1').probes[0]!.filters, { port: 5101 });
    assert.deepEqual(runbookFor('web-1').assertions[0]!.where[1], { field: 'dport', values: [5101], negate: false });
    assert.equal(runbookFor('web-2').parameters.port, 5200);
  });

  it('refuses a label value its parameter refuses, naming the host', () => {
    const source = RunbookSource.parse('drops.yaml', RUNBOOK);
    assert.throws(
      () => hostRunbooks(source, new Map(), [{ name: 'web-1', host: '10.0.0.1', labels: { port: 'http' } }]),
      (error: unknown) => error instanceof ProbectlError && /^host web-1, whose labels give port=http: .*port.* must be a port/.test(error.message),
    );
  });

  it('refuses a label that changes an assertion checked over all hosts together, before anything runs', () => {
    const text = RUNBOOK.replace(
      'count: {type: tcp.drop, where: {reason: NETFILTER_DROP}}',
      'count:\n      type: tcp.drop\n      where:\n        dport: ${port}',
    );
    assert.throws(
      () => hostRunbooks(RunbookSource.parse('drops.yaml', text), new Map(), targets),
      (error: unknown) =>
        error instanceof ProbectlError &&
        error.code === 'USAGE' &&
        error.message.includes('"drops in all" reads differently on web-1') &&
        /per: host/.test(error.suggestion),
    );
  });
});

/** A result as a run over hosts leaves it: the first assertion breached or not, these hosts ran or not. */
function fleetResult(options: { breached: boolean; ran: boolean[]; failedProbe?: boolean }): RunbookResult {
  const rows: HostRow[] = options.ran.map((ran, i) => ({
    host: `web-${i + 1}`,
    state: ran ? 'stopped' : 'failed',
    ...(!ran && { reason: 'unreachable' as const, why: 'Connection refused' }),
    ran,
    events: ran ? 3 : 0,
    lost: 0,
  }));
  const spec = load().assertions[0]!;
  const counter = new PerHostCounter(spec);
  rows.forEach((r, i) => {
    if (!r.ran) return;
    counter.add(status(r.host));
    if (options.breached && i === 0) for (let n = 0; n < 3; n++) counter.add(drop(r.host));
  });
  const assertion = counter.result({ hosts: rows.map((r) => ({ host: r.host, ran: r.ran })), observedS: () => 10, parameters: () => ({ port: 5001 }) });
  const ran = rows.filter((r) => r.ran).length;
  const failedProbes = options.failedProbe ? ['web-1: tcpdrop (bpftrace): exit 1'] : [];
  return {
    runbook: { name: 'drops', file: 'drops.yaml', parameters: { port: 5001 } },
    mode: 'live',
    window: { start: 1_000, end: 11_000, seconds: 10 },
    preflight: { checks: [] },
    assertions: [assertion],
    passed: assertion.passed && ran === rows.length && failedProbes.length === 0,
    breached: assertion.passed ? 0 : 1,
    hosts: { ran, total: rows.length, rows },
    failed_probes: failedProbes,
    summary: new Summary({ top: 10 }).report(),
    flame_graphs: [],
  };
}
const exitOf = (r: RunbookResult): number => {
  const error = outcomeError(r);
  return error === undefined ? 0 : exitCodeOf(error);
};

describe('exit codes over hosts', () => {
  it('0: every host ran and every assertion held', () => assert.equal(exitOf(fleetResult({ breached: false, ran: [true, true] })), 0));
  it('1: an assertion breached with every host run', () => assert.equal(exitOf(fleetResult({ breached: true, ran: [true, true] })), 1));
  it('1: an assertion breached on the hosts that ran, though one did not: the breach is a finding whatever the others show', () => {
    const result = fleetResult({ breached: true, ran: [true, false] });
    assert.equal(exitOf(result), 1);
    assert.equal(outcomeError(result)!.message, 'runbook drops: 1 of 1 assertion breached on the 1 of 2 hosts that ran.');
  });
  it('3: every assertion held on the hosts that ran, and some did not run', () => {
    const result = fleetResult({ breached: false, ran: [true, false] });
    assert.equal(exitOf(result), 3);
    assert.equal(outcomeError(result)!.message, 'runbook drops: every assertion holds on the 1 of 2 hosts that ran; not checked on web-2 (unreachable).');
  });
  it('2: no host ran', () => {
    const result = fleetResult({ breached: false, ran: [false, false] });
    assert.equal(exitOf(result), 2);
    assert.equal(outcomeError(result)!.code, 'NO_HOST');
  });
  it('2: a probe failed on a host that ran, even with a breach: what it did not observe could change any verdict', () => {
    const result = fleetResult({ breached: true, ran: [true, false], failedProbe: true });
    assert.equal(exitOf(result), 2);
    assert.equal(outcomeError(result)!.code, 'RUNBOOK');
  });
});

describe('reports over hosts', () => {
  const result = fleetResult({ breached: true, ran: [true, true, false] });

  it('the text says k of n hosts, names the breaching host, gives each host its verdict and prints the hosts table', () => {
    const text = renderText(result, ['assertions']);
    assert.match(text, /^runbook drops: 1 of 1 assertion breached on 2 of 3 hosts$/m);
    assert.match(text, /live on 2 of 3 hosts ran/);
    assert.match(text, /breaching: host web-1: 3 events/);
    assert.match(text, /^ {6}web-1 +FAIL +3 events, 3 matching events$/m);
    assert.match(text, /^ {6}web-2 +PASS +0 events, 0 matching events$/m);
    assert.match(text, /^ {6}web-3 +not run$/m);
    assert.match(text, /^Hosts: 2 of 3 hosts ran$/m);
    assert.match(text, /^ {2}web-3 +failed \(unreachable\) +- +0 +0 +- +Connection refused$/m);
  });

  it('Markdown and HTML carry each host verdict and the hosts table', () => {
    const markdown = renderMarkdown(result, []);
    assert.match(markdown, /^# Runbook drops: FAIL$/m);
    assert.match(markdown, /per host: web-1: FAIL, 3 events; web-2: PASS, 0 events; web-3: not run/);
    assert.match(markdown, /^## Hosts$/m);
    assert.match(markdown, /^\| web-3 \| failed \(unreachable\) \| - \| 0 \| 0 \| - \| Connection refused \|$/m);
    const html = renderHtml(result, []);
    assert.match(html, /data-hosts-ran="2" data-hosts-total="3"/);
    assert.match(html, /<li data-host="web-1" data-host-passed="false" data-host-value="3">/);
    assert.match(html, /<li data-host="web-3" data-host-passed="" data-host-value="">/);
    assert.match(html, /<h2>Hosts<\/h2>/);
  });

  it("names the parameters the hosts' labels gave, in the text, Markdown and HTML", () => {
    const labelled: RunbookResult = { ...result, hosts: { ...result.hosts!, parameters: { 'web-1': { port: 5111 }, 'web-2': { port: 5112 } } } };
    assert.match(renderText(labelled, ['assertions']), /; from the hosts' labels: web-1 port=5111, web-2 port=5112$/m);
    assert.match(renderMarkdown(labelled, []), /^\| parameters from the hosts' labels \| web-1 port=5111, web-2 port=5112 \|$/m);
    assert.match(renderHtml(labelled, []), /parameters from the hosts' labels<\/t[dh]><td>web-1 port=5111, web-2 port=5112<\/td>/);
  });

  it('a run whose assertions held on fewer hosts than asked reads PARTIAL, not PASS', () => {
    assert.match(renderMarkdown(fleetResult({ breached: false, ran: [true, false] }), []), /^# Runbook drops: PARTIAL$/m);
  });
});
