// The assertion vocabulary over hand-made events: each measure, each comparison at its boundary, keys, owners, bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { eventSchema } from '../../src/probes/registry.js';
import { AssertionCounter, holds } from '../../src/runbook/assertion-counter.js';
import { renderMessage } from '../../src/runbook/message.js';
import type { AssertionSpec } from '../../src/runbook/model.js';
import { Tally } from '../../src/runbook/tally.js';

let seq = 0;
/** A schema-checked event of a type, with these fields. */
function event(type: string, fields: Record<string, unknown>, ts = 1_000): ProbeEvent {
  return eventSchema.parse({ type, ts, probe: 'test', source: { impl: 'bpftrace', tool: 'test', layout: 'test' }, host: 'test', seq: ++seq, ...fields });
}
const open = (comm: string, errno: number, extra: Record<string, unknown> = {}) =>
  event('file.open', { pid: 7, comm, fd: errno === 0 ? 3 : -1, errno, path: '/p', ...extra });
const retransmit = (lport: number, ts = 1_000) => event('tcp.retransmit', { pid: 0, laddr: '10.0.0.1', lport, raddr: '10.0.0.2', rport: 5001 }, ts);
const session = (lport: number, pid: number, comm: string, ts = 1_100) =>
  event('tcp.session', { pid, comm, laddr: '10.0.0.1', lport, raddr: '10.0.0.2', rport: 5001, tx_kb: 1, rx_kb: 1, duration_ms: 500 }, ts);
const xdp = (proto: string, packets: number) =>
  event('xdp.count', { iface: 'v', proto, family: 4, packets, bytes: packets * 100, interval_ms: 1000, pps: packets, bps: packets * 800 });

function spec(fields: Partial<AssertionSpec>): AssertionSpec {
  return { name: 'a', measure: 'count', type: 'file.open', where: [], comparison: 'equals', threshold: 0, severity: 'check', ...fields };
}
function evaluate(s: AssertionSpec, events: ProbeEvent[], observedS = 10, parameters = {}) {
  const counter = new AssertionCounter(s);
  for (const e of events) counter.add(e);
  return counter.result({ observedS, parameters });
}

describe('comparisons', () => {
  it('hold exactly at their boundary as their names say', () => {
    assert.deepEqual([holds.below(5, 5), holds.at_most(5, 5), holds.equals(5, 5), holds.above(5, 5), holds.at_least(5, 5)], [false, true, true, false, true]);
    assert.deepEqual([holds.below(4, 5), holds.above(6, 5), holds.equals(4, 5)], [true, true, false]);
  });
});

describe('measures', () => {
  const opens = [open('a', 0), open('a', 2), open('b', 13), open('b', 2), open('c', 0)];

  it('count: events of the type matching every condition; a list is any of, not is none of', () => {
    const failed = evaluate(spec({ where: [{ field: 'errno', values: [0], negate: true }] }), opens);
    assert.deepEqual([failed.value, failed.matched, failed.passed], [3, 3, false]);
    const enoent = evaluate(
      spec({
        where: [
          { field: 'errno', values: [2, 21], negate: false },
          { field: 'comm', values: ['b'], negate: false },
        ],
        threshold: 1,
      }),
      opens,
    );
    assert.deepEqual([enoent.value, enoent.passed], [1, true]);
    assert.equal(evaluate(spec({ type: 'tcp.drop' }), opens).value, 0, 'other types never count');
  });

  it('a field an event lacks never matches, not even a negated condition', () => {
    const withoutUid = evaluate(spec({ where: [{ field: 'uid', values: [0], negate: true }] }), [open('a', 0), open('a', 0, { uid: 5 })]);
    assert.equal(withoutUid.value, 1);
  });

  it('rate: matching events per second of the observation window', () => {
    const r = evaluate(spec({ measure: 'rate', comparison: 'below', threshold: 0.5 }), opens, 20);
    assert.deepEqual([r.value, r.unit, r.passed], [0.25, 'events/s', true]);
    const none = evaluate(spec({ measure: 'rate', comparison: 'below', threshold: 1 }), opens, 0);
    assert.deepEqual([none.value, none.passed], [null, false]);
    assert.match(none.note!, /no observation window/);
  });

  it('sum: a numeric field added up; a matching event without it counts 0 and is noted', () => {
    const s = evaluate(spec({ measure: 'sum', type: 'file.open', field: 'uid', comparison: 'at_most', threshold: 10 }), [
      open('a', 0, { uid: 4 }),
      open('a', 0, { uid: 5 }),
      open('a', 0),
    ]);
    assert.deepEqual([s.value, s.unit, s.passed], [9, 'uid', true]);
    assert.match(s.note!, /1 matching event had no uid/);
  });

  it("share: the part's sum over the total's; no total is no value and a breach", () => {
    const events = [xdp('roce_v2', 30), xdp('tcp', 60), xdp('udp', 10), xdp('roce_v2', 10)];
    const s = evaluate(
      spec({
        measure: 'share',
        type: 'xdp.count',
        field: 'packets',
        where: [{ field: 'proto', values: ['roce_v2'], negate: false }],
        of: [{ field: 'proto', values: ['roce_v2', 'tcp'], negate: false }],
        comparison: 'at_least',
        threshold: 0.4,
      }),
      events,
    );
    assert.deepEqual([s.value, s.evidence.share, s.passed], [40 / 100, { part: 40, total: 100 }, true]);
    const byEvents = evaluate(
      spec({ measure: 'share', type: 'xdp.count', where: [{ field: 'proto', values: ['tcp'], negate: false }], comparison: 'below', threshold: 0.5 }),
      events,
    );
    assert.equal(byEvents.value, 1 / 4, 'without a field, a share counts events');
    const empty = evaluate(spec({ measure: 'share', type: 'xdp.count', field: 'packets', where: [], comparison: 'at_least', threshold: 0 }), []);
    assert.deepEqual([empty.value, empty.passed], [null, false]);
  });
});

describe('split by key', () => {
  it('checks each key, names the breaching ones with their value, and fills the message per key', () => {
    const r = evaluate(
      spec({
        where: [{ field: 'errno', values: [0], negate: true }],
        by: ['comm'],
        comparison: 'at_most',
        threshold: 1,
        severity: 'alert',
        message: '${comm}: ${value} over ${threshold} (${name}, ${missing})',
      }),
      [open('a', 2), open('b', 2), open('b', 13), open('c', 0), open('d', 2), open('d', 2), open('d', 2)],
    );
    assert.equal(r.passed, false);
    assert.deepEqual(
      r.breaches.map((b) => [b.key, b.value]),
      [
        [{ comm: 'd' }, 3],
        [{ comm: 'b' }, 2],
      ],
    );
    assert.deepEqual(r.messages, ['d: 3 over 1 (a, ?)', 'b: 2 over 1 (a, ?)']);
    assert.equal(r.value, 3, 'the worst key');
    assert.deepEqual(
      r.evidence.keys!.map((k) => k.key.comm),
      ['d', 'b', 'a'],
    );
  });

  it('a key that holds is not a breach; lower bounds report the smallest key', () => {
    const r = evaluate(spec({ by: ['comm'], comparison: 'at_least', threshold: 2 }), [open('a', 0), open('a', 0), open('b', 0)]);
    assert.deepEqual([r.passed, r.value, r.breaches.map((b) => b.key.comm)], [false, 1, ['b']]);
  });

  it("retransmits by pid take each connection's owner from its tcplife session; one without stays a key named by its connection", () => {
    const r = evaluate(
      spec({
        type: 'tcp.retransmit',
        by: ['pid'],
        comparison: 'at_most',
        threshold: 1,
        severity: 'alert',
        message: 'task ${pid} (${comm}) is blocked by network congestion',
      }),
      [
        retransmit(40000),
        retransmit(40000),
        retransmit(40000),
        retransmit(40001),
        retransmit(40002),
        retransmit(40002),
        session(40000, 501, 'worker'),
        session(40001, 502, 'idle'),
      ],
    );
    assert.deepEqual(
      r.breaches.map((b) => [b.key, b.comm, b.value]),
      [
        [{ pid: 501 }, 'worker', 3],
        [{ pid: null, flow: '10.0.0.1:40002 → 10.0.0.2:5001' }, undefined, 2],
      ],
    );
    assert.deepEqual(r.messages, ['task 501 (worker) is blocked by network congestion', 'task ? (?) is blocked by network congestion']);
    assert.deepEqual(r.breaches[0]!.flows, ['10.0.0.1:40000 → 10.0.0.2:5001 (3)']);
  });

  it('keeps at most its limit of keys exactly; the rest is counted as other', () => {
    const tally = new Tally<string>(2);
    for (const k of ['a', 'b', 'a', 'c', 'd', 'b']) tally.add(k, () => k, 1);
    assert.deepEqual(
      [...tally.values()].map((t) => [t.key, t.amount]),
      [
        ['a', 2],
        ['b', 2],
      ],
    );
    assert.deepEqual(tally.other, { amount: 2, events: 2 });
  });
});

describe('messages', () => {
  it('fill every ${name} they have a value for, and ? for the rest', () => {
    assert.equal(renderMessage('task ${pid} (${comm}) at ${value}/s', { pid: 42, comm: 'db', value: 1.5 }), 'task 42 (db) at 1.5/s');
    assert.equal(renderMessage('${a}${b}', { a: null }), '??');
  });
});
