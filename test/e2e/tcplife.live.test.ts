// Live, end to end through run(): tcplife on every trusted backend reports both ends of every lab connection with the bytes each end moved.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { labTraffic, LAB, type TrafficConnection } from '../../src/lab/index.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts, portFilterSets } from './backends.js';
import { closedConnections, settledDrops, withLab } from './lab-session.js';
import { eventsOf, startProbes, whileRunning } from './running.js';

type Session = EventOf<'tcp.session'>;
const CONNECTIONS = 3;
const BYTES = 1 << 20;
const REPLY = 65_536;

/** Within 1 % of the bytes an end measured (TCP's SYN and FIN add a byte each to the kernel's counts). */
const near = (kib: number, bytes: number) => Math.abs(kib * 1024 - bytes) <= bytes * 0.01;

const describeEnd = (s: Session | undefined) =>
  s === undefined ? 'missing' : `${s.laddr}:${s.lport} → ${s.raddr}:${s.rport} tx ${s.tx_kb * 1024} B rx ${s.rx_kb * 1024} B pid ${s.pid} ${s.comm}`;

it('tcplife: both ends of every lab connection, with the bytes each end sent and received within 1 %, on every trusted backend', {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('tcplife');
  const measured = await withLab(5, async () => {
    const starts = backends.flatMap((b) => portFilterSets(b, LAB.port).map((filters) => ({ backend: b.backend, filters })));
    const { result, events } = await whileRunning(
      starts.map(
        ({ backend, filters }) =>
          () =>
            startProbes(['tcplife'], { backend, filters, facts, readyTimeoutMs: 30_000 }),
      ),
      async () => {
        const traffic = await labTraffic({ connections: CONNECTIONS, bytes: BYTES, reply: REPLY, timeout: 10 });
        await settledDrops();
        // Every socket has closed: its session is reported at TCP_CLOSE.
        return { traffic, unclosed: await closedConnections() };
      },
    );
    return { ...result, runs: starts.map((s, i) => ({ ...s, sessions: eventsOf(events[i]!, 'tcp.session') })) };
  });
  const { traffic } = measured;
  assert.ok(traffic.complete, `the lab's traffic did not complete: ${JSON.stringify(traffic.connections.flatMap((c) => c.errors))}`);
  assert.deepEqual(measured.unclosed, [], "the lab's connections had not all closed 15 s after the traffic");
  for (const { backend } of backends) {
    await t.test(`${backend}: a session at each end of each connection, with the bytes that end measured`, () => {
      const runs = measured.runs.filter((r) => r.backend === backend);
      // Each run's filter holds: --lport only the servers' ends, --rport only the clients', --port both.
      for (const { filters, sessions } of runs) {
        if (filters.lport !== undefined)
          assert.ok(
            sessions.every((s) => s.lport === filters.lport),
            `--lport ${filters.lport}: ${sessions.map(describeEnd).join('; ')}`,
          );
        if (filters.rport !== undefined)
          assert.ok(
            sessions.every((s) => s.rport === filters.rport),
            `--rport ${filters.rport}: ${sessions.map(describeEnd).join('; ')}`,
          );
        if (filters.port !== undefined)
          assert.ok(
            sessions.every((s) => s.lport === filters.port || s.rport === filters.port),
            `--port ${filters.port}: ${sessions.map(describeEnd).join('; ')}`,
          );
      }
      const lab = runs
        .flatMap((r) => r.sessions)
        .filter((s) => (s.laddr === LAB.client.addr || s.laddr === LAB.server.addr) && (s.lport === LAB.port || s.rport === LAB.port));
      assert.equal(lab.length, 2 * traffic.connections.length, `sessions of the lab: ${lab.map(describeEnd).join('; ')}`);
      for (const c of traffic.connections) checkConnection(t, backend, c, lab);
    });
  }
});

function checkConnection(t: { diagnostic(message: string): void }, backend: string, c: TrafficConnection, sessions: Session[]): void {
  const client = c.client!;
  const server = c.server!;
  const clientEnd = sessions.filter(
    (s) => s.laddr === client.local!.address && s.lport === client.local!.port && s.raddr === server.local!.address && s.rport === LAB.port,
  );
  const serverEnd = sessions.filter(
    (s) => s.laddr === server.local!.address && s.lport === LAB.port && s.raddr === client.local!.address && s.rport === client.local!.port,
  );
  t.diagnostic(
    `tcplife ${backend} #${c.index}: client sent ${client.sent} received ${client.received}: ${clientEnd.map(describeEnd).join(', ') || 'missing'}; server sent ${server.sent} received ${server.received}: ${serverEnd.map(describeEnd).join(', ') || 'missing'}`,
  );
  assert.equal(clientEnd.length, 1, `connection ${c.index}: the client's session, once`);
  assert.equal(serverEnd.length, 1, `connection ${c.index}: the server's session, once`);
  const [cs, ss] = [clientEnd[0]!, serverEnd[0]!];
  assert.ok(
    near(cs.tx_kb, client.sent!) && near(cs.rx_kb, client.received!),
    `connection ${c.index}, client: ${describeEnd(cs)} against sent ${client.sent} received ${client.received}`,
  );
  assert.ok(
    near(ss.tx_kb, server.sent!) && near(ss.rx_kb, server.received!),
    `connection ${c.index}, server: ${describeEnd(ss)} against sent ${server.sent} received ${server.received}`,
  );
  // Only probectl's program names the owner of an accepted session right (docs/probes.md: libbpf-tools 0.26 gives it the client's).
  if (backend === 'bpftrace')
    assert.deepEqual([cs.pid, cs.comm, ss.pid, ss.comm], [client.pid, client.comm, server.pid, server.comm], `connection ${c.index}: the owner of each end`);
}
