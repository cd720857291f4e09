// Live, end to end through run(): tcpdrop on every trusted backend reports exactly the packets the lab's nftables rule dropped.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { labTraffic, LAB } from '../../src/lab/index.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts, portFilterSets } from './backends.js';
import { droppedPackets, settledDrops, withLab } from './lab-session.js';
import { eventsOf, startProbes, whileRunning } from './running.js';

const MiB = 1 << 20;

it('tcpdrop: NETFILTER_DROP events on the test port equal the nftables drop counter, on every trusted backend', { timeout: 120_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('tcpdrop');
  const measured = await withLab(5, async () => {
    const starts = backends.map(
      (b) => () => startProbes(['tcpdrop'], { backend: b.backend, filters: portFilterSets(b, LAB.port)[0]!, facts, readyTimeoutMs: 30_000 }),
    );
    const { result, events } = await whileRunning(starts, async () => {
      const before = await droppedPackets();
      const traffic = await labTraffic({ connections: 4, bytes: 4 * MiB, timeout: 10 });
      return { before, traffic, settled: await settledDrops() };
    });
    return { ...result, events, after: await droppedPackets() };
  });
  const { traffic, before, settled, after } = measured;
  assert.ok(traffic.complete, `the lab's traffic did not complete: ${JSON.stringify(traffic.connections.flatMap((c) => c.errors))}`);
  const counted = after - before;
  assert.ok(counted > 0, 'the drop rule dropped nothing: no ground truth to compare with');
  assert.equal(after, settled, 'a packet was dropped while the probes stopped: the window is not closed');
  for (const [i, { backend }] of backends.entries()) {
    await t.test(`${backend}: one NETFILTER_DROP event per packet the rule dropped`, () => {
      // What the rule can drop: the lab's client to its server's port (other tests may drop on the same port elsewhere meanwhile).
      const drops = eventsOf(measured.events[i]!, 'tcp.drop').filter(
        (d) => d.reason === 'NETFILTER_DROP' && d.saddr === LAB.client.addr && d.daddr === LAB.server.addr && d.dport === LAB.port,
      );
      t.diagnostic(`tcpdrop ${backend}: ${drops.length} NETFILTER_DROP events, nft counter ${counted} (${traffic.connections.length} × ${4 * MiB} B)`);
      assert.equal(drops.length, counted);
      for (const d of drops) assert.ok(d.family === 4 && d.reason_code! > 0 && d.tcp_flags !== undefined, JSON.stringify(d));
    });
  }
});
