// Live, end to end through run(): tcpconnect over the lab reports exactly the connects the workload made, established or refused, with their handshake times.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { it } from 'node:test';
import { promisify } from 'node:util';
import type { EventOf } from '../../src/events/index.js';
import { LAB, labTraffic, peerArgv, type PeerConnection } from '../../src/lab/index.js';
import { peerMessageSchema } from '../../src/lab/peer-protocol.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts } from './backends.js';
import { withLab } from './lab-session.js';
import { eventsOf, startProbes, whileRunning } from './running.js';

type Connect = EventOf<'tcp.connect'>;
const ESTABLISHED = 4;
const REFUSED = 3;
/** Nothing listens on it in the server's namespace, and the lab's loss rule is for LAB.port only. */
const CLOSED_PORT = 5009;
const run = promisify(execFile);

/** One client process in the client's namespace connecting to the closed port: what it measured (pid, the error it got). */
async function refusedConnect(): Promise<PeerConnection> {
  const argv = [
    'netns',
    'exec',
    LAB.client.netns,
    ...peerArgv({ mode: 'send', host: LAB.server.addr, port: CLOSED_PORT, localPort: 0, request: 1, reply: 0, timeoutMs: 5000 }),
  ];
  // It exits 1, having reported the refusal.
  const stdout = await run('ip', argv).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  const message = peerMessageSchema.parse(JSON.parse(stdout.trim().split('\n')[0] ?? 'null'));
  assert.equal(message.event, 'connection');
  const { event: _event, ...connection } = message as Extract<typeof message, { event: 'connection' }>;
  return connection;
}

/** probectl's own connect (this process runs the probe): refused on loopback, and never reported. */
const ownConnect = () =>
  new Promise<void>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: CLOSED_PORT });
    socket.on('error', () => resolve());
    socket.on('connect', () => (socket.destroy(), resolve()));
  });

const describeConnect = (c: Connect) => `${c.saddr}:${c.sport} → ${c.daddr}:${c.dport} ${c.result} ${c.latency_ms} ms pid ${c.pid} ${c.comm}`;

it(`tcpconnect: ${ESTABLISHED} connects to a listening port and ${REFUSED} to a closed one give exactly ${ESTABLISHED} established and ${REFUSED} refused, on every trusted backend`, {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('tcpconnect');
  const starts = backends.flatMap((b) => [
    { backend: b.backend, filters: {}, includeSelf: false },
    ...(b.filters.includes('failed') ? [{ backend: b.backend, filters: { failed: true }, includeSelf: false }] : []),
    { backend: b.backend, filters: { port: CLOSED_PORT }, includeSelf: true },
  ]);
  const { traffic, refused, runs } = await withLab(0, async () => {
    const { result, events } = await whileRunning(
      starts.map(
        ({ backend, filters, includeSelf }) =>
          () =>
            startProbes(['tcpconnect'], { backend, filters, includeSelf, facts, readyTimeoutMs: 30_000 }),
      ),
      async () => {
        const traffic = await labTraffic({ connections: ESTABLISHED, bytes: 4096, reply: 4096, timeout: 10 });
        const refused: PeerConnection[] = [];
        for (let i = 0; i < REFUSED; i++) refused.push(await refusedConnect());
        await ownConnect();
        await new Promise((resolve) => setTimeout(resolve, 1000)); // the last lines reach probectl
        return { traffic, refused };
      },
    );
    return { ...result, runs: starts.map((s, i) => ({ ...s, connects: eventsOf(events[i]!, 'tcp.connect') })) };
  });
  assert.ok(traffic.complete, `the lab's traffic did not complete: ${JSON.stringify(traffic.connections.flatMap((c) => c.errors))}`);
  for (const r of refused) assert.match(r.error ?? '', /ECONNREFUSED/, `the workload's connect to port ${CLOSED_PORT} was refused`);

  for (const { backend, filters, includeSelf, connects } of runs) {
    if (includeSelf) {
      await t.test(`${backend} --port ${CLOSED_PORT} --include-self`, () => {
        // The connect this process made is there once kept: left out by default, not missed.
        const own = connects.filter((c) => c.pid === process.pid);
        t.diagnostic(`${backend} --include-self: ${own.map(describeConnect).join('; ')}`);
        assert.deepEqual(
          own.map((c) => [c.daddr, c.dport, c.result]),
          [['127.0.0.1', CLOSED_PORT, 'refused']],
          "probectl's own connect, kept",
        );
        assert.equal(connects.filter((c) => c.saddr === LAB.client.addr && c.result === 'refused').length, REFUSED, "the workload's refusals");
      });
      continue;
    }
    await t.test(`${backend}${filters.failed ? ' --failed' : ''}`, () => {
      const lab = connects.filter((c) => c.saddr === LAB.client.addr && c.daddr === LAB.server.addr);
      t.diagnostic(`${backend} ${JSON.stringify(filters)}: ${lab.map(describeConnect).join('; ')}`);
      const established = lab.filter((c) => c.result === 'established');
      const refusals = lab.filter((c) => c.result === 'refused');
      assert.equal(lab.length, filters.failed ? REFUSED : ESTABLISHED + REFUSED, 'connects on the lab');
      assert.equal(established.length, filters.failed ? 0 : ESTABLISHED, 'established');
      assert.equal(refusals.length, REFUSED, 'refused');
      // Each established connect is one the traffic's clients made: their port, pid and comm, and a handshake that took time.
      if (!filters.failed)
        for (const c of traffic.connections) {
          const client = c.client!;
          const seen = established.filter((e) => e.sport === client.local!.port && e.dport === LAB.port);
          assert.equal(seen.length, 1, `connection ${c.index} from port ${client.local!.port}`);
          assert.deepEqual([seen[0]!.pid, seen[0]!.comm], [client.pid, client.comm], `connection ${c.index}: the connecting process`);
          assert.ok(seen[0]!.latency_ms! > 0, `connection ${c.index}: latency_ms ${seen[0]!.latency_ms}`);
        }
      assert.deepEqual(
        refusals.map((e) => [e.pid, e.comm, e.dport, e.errno]),
        refused.map((r) => [r.pid, r.comm, CLOSED_PORT, 111]),
        'each refused connect with the process that made it, in order',
      );
      for (const e of refusals) assert.ok(e.latency_ms! > 0, `a refusal took time: ${describeConnect(e)}`);
      // probectl's own connect, from this process, is left out.
      assert.deepEqual(connects.filter((c) => c.pid === process.pid).map(describeConnect), [], "probectl's own connects");
    });
  }
});
