// Lab "lifetimes": tcplife while a connection is refused and lab traffic runs: each end's session against what that end measured.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import { LAB } from '../../../src/lab/index.js';
import type { LabRun } from '../lab-run.js';
import { refusedConnects, type LabCheck, type LabTrafficResult } from './lab-check.js';

type Session = EventOf<'tcp.session'>;

const bytes = (kb: number) => Math.round(kb * 1024);
const ours = (s: Session) => [s.laddr, s.raddr].every((a) => a === LAB.client.addr || a === LAB.server.addr);

/** Each connection of the traffic with the client's and the server's session (the one whose local port is that end's). */
function pairs(traffic: LabTrafficResult, sessions: Session[]) {
  return traffic.connections.map((c) => {
    const port = c.client!.local!.port;
    const client = sessions.filter((s) => s.laddr === LAB.client.addr && s.lport === port && s.rport === LAB.port);
    const server = sessions.filter((s) => s.laddr === LAB.server.addr && s.lport === LAB.port && s.rport === port);
    return { connection: c, client, server };
  });
}

export const lifetimesLab: LabCheck = {
  name: 'lifetimes',
  probes: ['tcplife'],
  files: ['refused.txt', 'traffic.json'],
  usesLab: true,

  async facts(run: LabRun) {
    const sessions = await run.eventsOf('tcplife', 'tcp.session');
    const traffic = run.json<LabTrafficResult>('traffic.json');
    const [first] = pairs(traffic, sessions);
    const { client: measuredClient, server: measuredServer } = first!.connection;
    const client = first!.client[0]!;
    const server = first!.server[0]!;
    const refused = sessions.find((s) => s.comm === 'bash')!;
    const ms = (end: { started_at: number; ended_at: number }) => Math.round((end.ended_at - end.started_at) * 1000) / 1000;
    return {
      sessions: sessions.length,
      connections: traffic.connections.length,
      refused: refusedConnects(run.text('refused.txt')),
      sent: measuredClient!.sent,
      received: measuredClient!.received,
      client_tx_bytes: bytes(client.tx_kb),
      client_rx_bytes: bytes(client.rx_kb),
      server_tx_bytes: bytes(server.tx_kb),
      server_rx_bytes: bytes(server.rx_kb),
      client_tx_kb: client.tx_kb,
      client_pid: client.pid!,
      server_pid: server.pid!,
      client_ms: client.duration_ms,
      server_ms: server.duration_ms,
      client_measured_ms: ms(measuredClient!),
      server_measured_ms: ms(measuredServer!),
      refused_ms: refused.duration_ms,
      refused_kb: refused.tx_kb + refused.rx_kb,
    };
  },

  async claims(run: LabRun) {
    const sessions = (await run.eventsOf('tcplife', 'tcp.session')).filter(ours);
    const traffic = run.json<LabTrafficResult>('traffic.json');
    assert.ok(traffic.complete, 'lab traffic did not complete');
    const over: number[] = [];
    for (const { connection, client, server } of pairs(traffic, sessions)) {
      const what = `connection ${connection.index} (client port ${connection.client!.local!.port})`;
      assert.equal(client.length, 1, `${what}: the client's sessions`);
      assert.equal(server.length, 1, `${what}: the server's sessions`);
      for (const [session, end] of [
        [client[0]!, connection.client!],
        [server[0]!, connection.server!],
      ] as const) {
        assert.equal(session.pid, end.pid, `${what}: the session's pid against the process that measured it`);
        assert.equal(session.comm, end.comm);
        // The kernel counts sequence space: the SYN and the FIN take one number each on top of the bytes.
        for (const [kb, measured] of [
          [session.tx_kb, end.sent],
          [session.rx_kb, end.received],
        ] as const) {
          over.push(bytes(kb) - measured);
          assert.ok(
            bytes(kb) - measured >= 0 && bytes(kb) - measured <= 2,
            `${what}: tcplife counted ${bytes(kb)} bytes where ${end.comm} measured ${measured}`,
          );
        }
      }
      // The client's socket opens the connection (SYN_SENT) before the server's exists, and closes only when the
      // server acknowledges its FIN, after the server's socket has taken that FIN and closed: it lives longer.
      assert.ok(
        client[0]!.duration_ms > server[0]!.duration_ms,
        `${what}: the client's session lived ${client[0]!.duration_ms} ms, the server's ${server[0]!.duration_ms} ms`,
      );
    }
    const refused = sessions.filter((s) => s.comm === 'bash' && s.rport === LAB.port);
    assert.equal(refused.length, refusedConnects(run.text('refused.txt')), 'sessions of the refused connects');
    for (const s of refused) assert.equal(s.tx_kb + s.rx_kb, 0, 'a refused connect moved bytes');
    assert.equal(sessions.length, 2 * traffic.connections.length + refused.length, 'sessions on the lab besides the connections and the refusals');
    return `${sessions.length} sessions = 2 × ${traffic.connections.length} connections + ${refused.length} refused; each end's pid and comm; bytes ${Math.min(...over)} to ${Math.max(...over)} over what each end measured; each client's session the longer`;
  },
};
