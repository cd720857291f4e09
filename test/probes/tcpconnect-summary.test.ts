// tcpconnect in the summary: connects by result and destination with handshake percentiles, bounded; and in the flow view, the connect names the owner.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { tcpconnectSummary } from '../../src/probes/tcpconnect/summary.js';
import { eventSchema } from '../../src/probes/registry.js';
import { FlowJoin } from '../../src/summary/flows.js';
import { retransmit } from '../tcp-events.js';

type Connect = EventOf<'tcp.connect'>;
let seq = 0;
const connect = (ts: number, daddr: string, dport: number, extra: Partial<Connect>): Connect =>
  eventSchema.parse({
    type: 'tcp.connect',
    ts,
    probe: 'tcpconnect',
    source: { impl: 'bpftrace', tool: 'probectl-tcpconnect.bt', layout: 'probectl-v1' },
    host: 'test',
    seq: ++seq,
    pid: 100,
    comm: 'curl',
    family: 4,
    saddr: '10.0.0.1',
    sport: 40000 + seq,
    daddr,
    dport,
    ...extra,
  }) as Connect;

const report = (events: Connect[], top = 10) => {
  const tally = tcpconnectSummary.tally({ top });
  for (const e of events) tally.handlers['tcp.connect'](e);
  return { report: tally.report({ top, flowAt: () => undefined }), tally };
};

describe('tcpconnect summary', () => {
  it('counts by result and by destination, with the handshake percentiles of the established connects only', () => {
    const events = [
      ...[1, 2, 3, 4].map((ms) => connect(1000, '10.0.0.2', 443, { latency_ms: ms, result: 'established' })),
      connect(1000, '10.0.0.2', 443, { latency_ms: 3000, result: 'timed_out', errno: 110 }),
      connect(1000, '10.0.0.3', 80, { latency_ms: 0.05, result: 'refused', errno: 111 }),
      connect(1000, '10.0.0.3', 80, { latency_ms: 0.07, result: 'refused', errno: 111 }),
      connect(1000, '10.0.0.4', 22, { latency_ms: 0.5 }), // tcpconnlat: a time, no result
      connect(1000, '10.0.0.4', 22, {}), // tcpconnect: neither
    ];
    const { report: r } = report(events);
    assert.deepEqual([r.total, r.established, r.failed, r.unknown], [9, 4, 3, 2]);
    assert.deepEqual(r.by_result, { established: 4, timed_out: 1, refused: 2, unknown: 2 });
    assert.deepEqual(r.latency_ms, { p50: 2, p90: 4, p99: 4, max: 4 }); // 0.5, 1, 2, 3, 4: a failure's time is not a handshake
    assert.deepEqual(
      r.destinations.map((d) => [d.daddr, d.dport, d.connects, d.established, d.failed, d.latency_ms.p50, d.latency_ms.max]),
      [
        ['10.0.0.2', 443, 5, 4, { timed_out: 1 }, 2, 4],
        ['10.0.0.3', 80, 2, 0, { refused: 2 }, undefined, undefined],
        ['10.0.0.4', 22, 2, 0, {}, 0.5, 0.5],
      ],
    );
    const [section] = tcpconnectSummary.sections(r);
    assert.equal(section!.total, 9);
    assert.deepEqual(
      section!.tables[0]!.rows.map((row) => [row.destination, row.failed]),
      [
        ['10.0.0.2:443', 'timed_out 1'],
        ['10.0.0.3:80', 'refused 2'],
        ['10.0.0.4:22', ''],
      ],
    );
  });

  it('lists the top destinations and keeps the others counted under "other", with IPv6 in brackets', () => {
    const events = [
      ...Array.from({ length: 3 }, () => connect(1000, '2001:db8::1', 443, { family: 6, saddr: '2001:db8::9', latency_ms: 1, result: 'established' })),
      ...Array.from({ length: 5 }, (_, i) => connect(1000, `10.0.1.${i}`, 80, { latency_ms: 1, result: 'refused', errno: 111 })),
    ];
    const { report: r, tally } = report(events, 2);
    assert.equal(r.destinations.length, 2);
    assert.equal(r.destinations[0]!.connects, 3);
    assert.deepEqual(r.other_destinations, { destinations: 4, connects: 4, failed: 4 });
    assert.equal(tcpconnectSummary.sections(r)[0]!.tables[0]!.rows[0]!.destination, '[2001:db8::1]:443');
    assert.equal(tally.trackedKeys(), 6);
    assert.deepEqual(tally.approximate(), []);
  });

  it('names the owner of a connection whose retransmits ran in softirq, and joins nothing without a local port', () => {
    const flows = new FlowJoin();
    const c = connect(1000, '10.0.0.2', 5001, { pid: 4242, comm: 'pctl-cli', sport: 40000, latency_ms: 0.1, result: 'established' });
    flows.add(c);
    flows.add(retransmit(1200, ['10.0.0.1', 40000], ['10.0.0.2', 5001], { pid: 0 }));
    flows.add(connect(1300, '10.0.0.9', 80, { sport: undefined }));
    const rows = flows.rows();
    assert.deepEqual(
      rows.map((r) => [r.laddr, r.lport, r.raddr, r.rport, r.pid, r.comm, r.retransmits]),
      [['10.0.0.1', 40000, '10.0.0.2', 5001, 4242, 'pctl-cli', 1]],
    );
  });
});
