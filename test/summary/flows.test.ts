import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { replay } from '../../src/api/replay.js';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import { FlowJoin, SESSION_SLACK_MS } from '../../src/summary/flows.js';
import type { FlowRow } from '../../src/summary/report.js';
import { repoRoot } from '../recordings.js';
import { drop, retransmit, retransmitCount, session } from '../tcp-events.js';

const CLI: [string, number] = ['10.0.0.1', 40000];
const SRV: [string, number] = ['10.0.0.2', 5001];

function joined(events: ProbeEvent[], options?: ConstructorParameters<typeof FlowJoin>[0]): FlowJoin {
  const flows = new FlowJoin(options);
  for (const e of events) flows.add(e);
  return flows;
}
const rowsOf = (events: ProbeEvent[]): FlowRow[] => joined(events).rows();
const ends = (r: FlowRow) => `${r.laddr}:${r.lport} ${r.raddr}:${r.rport}`;

describe('FlowJoin', () => {
  it('takes the owner from tcplife when the retransmit and drop ran in softirq (pid 0) or printed no pid', () => {
    const rows = rowsOf([
      retransmit(1000, CLI, SRV, { pid: 0, kind: 'retrans' }),
      retransmit(1010, CLI, SRV), // probectl's program prints no pid
      drop(1100, CLI, SRV, { pid: 0, reason: 'NETFILTER_DROP' }),
      session(2000, CLI, SRV, { pid: 4242, comm: 'pctl-cli', tx_kb: 1024, rx_kb: 64, duration_ms: 1500.5 }),
    ]);
    assert.deepEqual(rows, [
      {
        family: 4,
        laddr: '10.0.0.1',
        lport: 40000,
        raddr: '10.0.0.2',
        rport: 5001,
        pid: 4242,
        comm: 'pctl-cli',
        first_ts: 1000,
        last_ts: 2000,
        retransmits: 2,
        tlp: 0,
        drops: 1,
        drops_by_reason: { NETFILTER_DROP: 1 },
        sessions: 1,
        duration_ms: 1500.5,
        tx_kb: 1024,
        rx_kb: 64,
      },
    ]);
  });

  it('names no owner from pid 0 alone, nor from events that printed two different tasks', () => {
    const [softirq] = rowsOf([retransmit(1000, CLI, SRV, { pid: 0 }), drop(1001, CLI, SRV, { pid: 0, comm: 'swapper/0' })]);
    assert.equal(softirq!.pid, undefined);
    assert.equal(softirq!.comm, undefined);
    const [two] = rowsOf([drop(1000, CLI, SRV, { pid: 7, comm: 'a' }), drop(1001, CLI, SRV, { pid: 8, comm: 'b' })]);
    assert.equal(two!.pid, undefined);
    const [one] = rowsOf([
      drop(1000, CLI, SRV, { pid: 0, comm: 'swapper/0' }),
      drop(1001, CLI, SRV, { pid: 7, comm: 'a' }),
      retransmit(1002, CLI, SRV, { pid: 7 }),
    ]);
    assert.deepEqual([one!.pid, one!.comm], [7, 'a']);
  });

  it('joins an inbound drop, printed remote → local from the packet, with the socket-side events of its connection', () => {
    const rows = rowsOf([
      drop(1000, CLI, SRV, { reason: 'NETFILTER_DROP' }), // the client's packet, dropped at the server
      session(1500, SRV, CLI, { pid: 99, comm: 'pctl-srv', duration_ms: 800, tx_kb: 64, rx_kb: 1024 }),
    ]);
    assert.equal(rows.length, 1);
    assert.equal(ends(rows[0]!), '10.0.0.2:5001 10.0.0.1:40000', 'the session says which end is local');
    assert.deepEqual([rows[0]!.drops, rows[0]!.sessions, rows[0]!.pid], [1, 1, 99]);
  });

  it("shows a drop-only flow in the packet's order, and turns it to the local end first once tcpretrans tells", () => {
    const [dropOnly] = rowsOf([drop(1000, SRV, CLI)]);
    assert.equal(ends(dropOnly!), '10.0.0.2:5001 10.0.0.1:40000');
    const rows = rowsOf([drop(1000, SRV, CLI), retransmit(1001, CLI, SRV)]);
    assert.deepEqual(rows.map(ends), ['10.0.0.1:40000 10.0.0.2:5001']);
    assert.deepEqual([rows[0]!.drops, rows[0]!.retransmits], [1, 1]);
  });

  it('gives a 4-tuple reused by a later connection a row of its own', () => {
    const rows = rowsOf([
      retransmit(9800, CLI, SRV),
      session(10_000, CLI, SRV, { pid: 1, comm: 'first', duration_ms: 500 }),
      retransmit(30_000, CLI, SRV),
      retransmit(30_001, CLI, SRV),
      session(31_000, CLI, SRV, { pid: 2, comm: 'second', duration_ms: 2000 }),
      session(60_000, CLI, SRV, { pid: 3, comm: 'third', duration_ms: 10 }), // no events: still a connection of its own
    ]);
    assert.deepEqual(
      rows.map((r) => [r.comm, r.retransmits, r.sessions, r.first_ts, r.last_ts]),
      [
        ['second', 2, 1, 30_000, 31_000],
        ['first', 1, 1, 9800, 10_000],
        ['third', 0, 1, 60_000, 60_000],
      ],
    );
  });

  it('joins events that came before their tcplife line (printed at close), and after it within the slack', () => {
    const rows = rowsOf([
      retransmit(1000, CLI, SRV),
      drop(3000, CLI, SRV),
      session(5000, CLI, SRV, { pid: 5, comm: 'c', duration_ms: 4200 }), // lived from 800 to 5000
      retransmit(5000 + SESSION_SLACK_MS, CLI, SRV), // its line arrived after the session's
      retransmit(5001 + SESSION_SLACK_MS, CLI, SRV), // too late: a later connection's
    ]);
    assert.deepEqual(
      rows.map((r) => [r.pid, r.retransmits, r.drops, r.sessions]),
      [
        [5, 2, 1, 1],
        [undefined, 1, 0, 0],
      ],
    );
  });

  it('keeps an open row whose events all precede a session as a row of its own (an earlier connection)', () => {
    const rows = rowsOf([retransmit(1000, CLI, SRV), session(10_000, CLI, SRV, { pid: 5, duration_ms: 100 }), retransmit(10_050, CLI, SRV)]);
    assert.deepEqual(
      rows.map((r) => [r.pid, r.retransmits, r.sessions, r.first_ts]),
      [
        [undefined, 1, 0, 1000],
        [5, 1, 1, 10_000],
      ],
    );
  });

  it('matches an IPv4-mapped IPv6 address with its plain IPv4 form', () => {
    const rows = rowsOf([
      retransmit(1000, ['::ffff:10.0.0.1', 40000], ['::FFFF:10.0.0.2', 5001], { family: 6 }),
      drop(1001, ['10.0.0.2', 5001], ['10.0.0.1', 40000], { family: 4 }),
      session(1500, ['10.0.0.1', 40000], ['::ffff:10.0.0.2', 5001], { family: 6, pid: 3, duration_ms: 600 }),
    ]);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.family, ends(rows[0]!), rows[0]!.retransmits, rows[0]!.drops, rows[0]!.sessions], [4, '10.0.0.1:40000 10.0.0.2:5001', 1, 1, 1]);
    const [v6] = rowsOf([retransmit(1, ['fd00::1', 1], ['fd00::2', 2], { family: 6 })]);
    assert.equal(v6!.family, 6);
  });

  it('joins both ends of a connection on this host into one row: two sessions, owner and bytes of the end that retransmitted', () => {
    const rows = rowsOf([
      retransmit(1000, CLI, SRV),
      session(1400, SRV, CLI, { pid: 10, comm: 'pctl-srv', duration_ms: 300, tx_kb: 64, rx_kb: 1024 }),
      retransmit(2600, CLI, SRV), // the client's FIN, after the server's window, before the client's line
      session(2700, CLI, SRV, { pid: 11, comm: 'pctl-cli', duration_ms: 1800, tx_kb: 1024, rx_kb: 64 }),
    ]);
    assert.equal(rows.length, 1);
    const [r] = rows;
    assert.deepEqual(
      [ends(r!), r!.comm, r!.tx_kb, r!.duration_ms, r!.sessions, r!.retransmits],
      ['10.0.0.1:40000 10.0.0.2:5001', 'pctl-cli', 1024, 1800, 2, 2],
    );
  });

  it('turns a row to the end tcplife reported when it reported only the other end than tcpretrans', () => {
    const [r] = rowsOf([retransmit(1000, CLI, SRV), session(1400, SRV, CLI, { pid: 10, comm: 'pctl-srv', duration_ms: 600, tx_kb: 64, rx_kb: 1024 })]);
    assert.deepEqual([ends(r!), r!.comm, r!.tx_kb, r!.retransmits, r!.sessions], ['10.0.0.2:5001 10.0.0.1:40000', 'pctl-srv', 64, 1, 1]);
  });

  it('adds a tcpretrans -c count to the flow it names', () => {
    const [r] = rowsOf([retransmit(1000, CLI, SRV, { kind: 'tlp', tcp_seq: 0 }), retransmitCount(9000, CLI, SRV, 7)]);
    assert.deepEqual([r!.retransmits, r!.tlp, r!.last_ts], [8, 1, 9000]);
  });

  it('counts drops by reason, "unknown" where none was printed, and sorts by retransmits + drops, then bytes', () => {
    const other: [string, number] = ['10.0.0.3', 40001];
    const third: [string, number] = ['10.0.0.4', 40002];
    const flows = joined(
      [
        drop(1000, CLI, SRV, { reason: 'NETFILTER_DROP' }),
        drop(1001, CLI, SRV),
        drop(1002, CLI, SRV),
        retransmit(1003, other, SRV),
        session(1500, other, SRV, { duration_ms: 600, tx_kb: 1, rx_kb: 1 }),
        retransmit(1004, third, SRV),
        session(1500, third, SRV, { duration_ms: 600, tx_kb: 5, rx_kb: 0 }),
      ],
      { top: 2 },
    );
    const rows = flows.rows();
    assert.deepEqual(
      rows.map((r) => r.laddr),
      ['10.0.0.1', '10.0.0.4'],
    );
    assert.deepEqual(rows[0]!.drops_by_reason, { NETFILTER_DROP: 1, unknown: 2 });
    assert.equal(flows.rows(10).length, 3);
  });

  it('folds the least active flows when full, keeping every count', () => {
    const ip = fc.constantFrom('10.0.0.1', '10.0.0.2', '::ffff:10.0.0.1', 'fd00::1');
    const end = fc.tuple(ip, fc.integer({ min: 1, max: 6 }));
    const step = fc.record({
      kind: fc.constantFrom('r', 'd', 's', 'c'),
      a: end,
      b: end,
      ts: fc.integer({ min: 0, max: 20_000 }),
      n: fc.integer({ min: 0, max: 9 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), fc.integer({ min: 1, max: 12 }), (steps, maxFlows) => {
        const flows = new FlowJoin({ maxFlows });
        const fed = { retransmits: 0, tlp: 0, drops: 0, sessions: 0 };
        for (const s of steps.sort((x, y) => x.ts - y.ts)) {
          const tlp = s.n % 2 === 0;
          if (s.kind === 'r') flows.add(retransmit(s.ts, s.a, s.b, tlp ? { kind: 'tlp' } : {}));
          if (s.kind === 'c') flows.add(retransmitCount(s.ts, s.a, s.b, s.n));
          if (s.kind === 'd') flows.add(drop(s.ts, s.a, s.b));
          if (s.kind === 's') flows.add(session(s.ts, s.a, s.b, { duration_ms: s.n * 300 }));
          fed.retransmits += s.kind === 'r' ? 1 : s.kind === 'c' ? s.n : 0;
          fed.tlp += s.kind === 'r' && tlp ? 1 : 0;
          fed.drops += s.kind === 'd' ? 1 : 0;
          fed.sessions += s.kind === 's' ? 1 : 0;
          assert.ok(flows.size <= maxFlows);
        }
        const rows = flows.rows();
        const folded = flows.dropped();
        const sum = (pick: (r: FlowRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
        assert.deepEqual(
          {
            retransmits: sum((r) => r.retransmits) + folded.retransmits,
            tlp: sum((r) => r.tlp) + folded.tlp,
            drops: sum((r) => r.drops) + folded.drops,
            sessions: sum((r) => r.sessions) + folded.sessions,
          },
          fed,
        );
        assert.equal(rows.length, flows.size);
      }),
      { numRuns: 300 },
    );
  });

  it('folds the least active first and says how many flows it folded', () => {
    const flows = new FlowJoin({ maxFlows: 10 });
    const busy: [string, number] = ['10.9.9.9', 1];
    for (let i = 0; i < 5; i++) flows.add(retransmit(i, busy, SRV));
    for (let port = 2; port < 40; port++) flows.add(drop(100 + port, ['10.0.0.9', port], SRV));
    assert.equal(flows.rows()[0]!.retransmits, 5, 'the busiest flow is kept');
    assert.equal(flows.dropped().flows + flows.size, 39);
    assert.equal(flows.dropped().drops + flows.rows().reduce((n, r) => n + r.drops, 0), 38);
  });
});

async function eventsOf(dirs: string[]): Promise<ProbeEvent[]> {
  const events: ProbeEvent[] = [];
  for (const dir of dirs) for await (const e of replay(dir, { validate: true })) events.push(e);
  // One stream as a live run of several probes would merge them: in order of arrival.
  return events.sort((a, b) => a.ts - b.ts);
}
const casesOf = (probe: string) => readdirSync(join(repoRoot, 'recordings', probe)).map((c) => join(repoRoot, 'recordings', probe, c));

describe('FlowJoin on recorded events', () => {
  it("joins the lab's connections seen by tcpretrans, tcpdrop and tcplife in one run (recordings/flows) into one row each", async () => {
    const events = await eventsOf(casesOf('flows'));
    const rows = rowsOf(events);
    const sessions = events.filter((e) => e.type === 'tcp.session');
    const clientPorts = new Set(sessions.filter((s) => s.comm === 'pctl-cli').map((s) => s.lport));
    assert.ok(clientPorts.size > 0);
    assert.equal(rows.length, clientPorts.size, 'one row per connection, no leftovers');
    for (const row of rows) {
      const port = row.lport === 5001 ? row.rport : row.lport;
      const onTuple = (e: ProbeEvent) =>
        (e.type === 'tcp.retransmit' || e.type === 'tcp.session' ? [e.lport, e.rport] : e.type === 'tcp.drop' ? [e.sport, e.dport] : []).includes(port);
      const mine = events.filter(onTuple);
      assert.ok(row.retransmits > 0 && row.drops > 0, `${ends(row)}: retransmits and drops`);
      assert.equal(row.retransmits, mine.filter((e) => e.type === 'tcp.retransmit').length);
      assert.equal(row.drops, mine.filter((e) => e.type === 'tcp.drop').length);
      assert.equal(row.sessions, 2, 'tcplife saw both ends, in pctl-a and pctl-b');
      // tcpretrans read the client's socket: the row shows the client first, with its session's owner and bytes.
      const retransmitted = mine.find((e): e is EventOf<'tcp.retransmit'> => e.type === 'tcp.retransmit')!;
      assert.deepEqual([row.laddr, row.lport], [retransmitted.laddr, retransmitted.lport]);
      const own = mine.find((e): e is EventOf<'tcp.session'> => e.type === 'tcp.session' && e.laddr === row.laddr && e.lport === row.lport);
      assert.ok(own !== undefined && own.pid !== undefined && own.comm === 'pctl-cli');
      assert.deepEqual([row.pid, row.comm, row.tx_kb, row.rx_kb, row.duration_ms], [own.pid, own.comm, own.tx_kb, own.rx_kb, own.duration_ms]);
    }
  });

  it('keeps the totals of the bundled tcpretrans, tcpdrop and tcplife recordings exactly', async () => {
    const events = await eventsOf([...casesOf('tcpretrans'), join(repoRoot, 'recordings/tcpdrop/probectl'), ...casesOf('tcplife')]);
    for (const maxFlows of [10_000, 2]) {
      const flows = joined(events, { maxFlows });
      const rows = flows.rows();
      const folded = flows.dropped();
      const fedRetransmits = events.reduce((n, e) => n + (e.type === 'tcp.retransmit' ? 1 : e.type === 'tcp.retransmit.count' ? e.count : 0), 0);
      const retransmitEvents = events.filter((e) => e.type === 'tcp.retransmit').length;
      assert.ok(retransmitEvents > 0 && fedRetransmits > retransmitEvents, 'the recordings hold retransmits and a count');
      assert.equal(rows.reduce((n, r) => n + r.retransmits, 0) + folded.retransmits, fedRetransmits);
      assert.equal(rows.reduce((n, r) => n + r.drops, 0) + folded.drops, events.filter((e) => e.type === 'tcp.drop').length);
      assert.equal(rows.reduce((n, r) => n + r.sessions, 0) + folded.sessions, events.filter((e) => e.type === 'tcp.session').length);
      assert.ok(flows.size <= maxFlows);
    }
  });
});
