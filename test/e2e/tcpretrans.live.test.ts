// Live, end to end through run(): tcpretrans on every trusted backend reports as many retransmits on the test port as an independent in-kernel count.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { labTraffic, LAB } from '../../src/lab/index.js';
import { liveOrSkip } from '../live.js';
import { backendsToTest, hostFacts, portFilterSets } from './backends.js';
import { settledDrops, withLab } from './lab-session.js';
import { countRetransmits } from './retransmit-counter.js';
import { eventsOf, startProbes, whileRunning } from './running.js';

const MiB = 1 << 20;
const LAB_NETWORK = LAB.client.addr.replace(/\.\d+$/, ''); // 10.201.0: the lab's /24
const inLab = (address: string) => address === LAB.client.addr || address === LAB.server.addr;

it('tcpretrans: retransmit events on the test port equal an independent count of tcp:tcp_retransmit_skb, on every trusted backend', {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const facts = await hostFacts();
  const backends = await backendsToTest('tcpretrans');
  const measured = await withLab(5, async () => {
    // The count starts before the probes and stops after them: it covers their whole window.
    const counter = await countRetransmits(LAB.port, LAB_NETWORK);
    try {
      const starts = backends.map(
        (b) => () => startProbes(['tcpretrans'], { backend: b.backend, filters: portFilterSets(b, LAB.port)[0]!, facts, readyTimeoutMs: 30_000 }),
      );
      const { result: traffic, events } = await whileRunning(starts, async () => {
        const traffic = await labTraffic({ connections: 4, bytes: 4 * MiB, timeout: 10 });
        await settledDrops(); // the link is quiet: nothing is left to retransmit
        return traffic;
      });
      return { traffic, events, counted: await counter.stop() };
    } catch (error) {
      await counter.stop().catch(() => {});
      throw error;
    }
  });
  const { traffic, counted } = measured;
  assert.ok(traffic.complete, `the lab's traffic did not complete: ${JSON.stringify(traffic.connections.flatMap((c) => c.errors))}`);
  assert.ok(counted > 0, `no retransmit happened (${traffic.nft_drops.during.packets} packets dropped): no ground truth to compare with`);
  for (const [i, { backend }] of backends.entries()) {
    await t.test(`${backend}: one tcp.retransmit event per retransmitted skb`, () => {
      // The lab's connections only, as the count: other tests may use the same port elsewhere meanwhile.
      const retransmits = eventsOf(measured.events[i]!, 'tcp.retransmit').filter(
        (r) => (r.lport === LAB.port || r.rport === LAB.port) && inLab(r.laddr) && inLab(r.raddr),
      );
      t.diagnostic(`tcpretrans ${backend}: ${retransmits.length} events, independent count ${counted}, nft drops ${traffic.nft_drops.during.packets}`);
      assert.equal(retransmits.length, counted);
      // Mostly the clients' data; a server retransmits too when the clients' ACKs of its reply are dropped.
      const ends = (r: (typeof retransmits)[number]) => (r.laddr === LAB.client.addr ? [r.laddr, r.raddr, r.rport] : [r.raddr, r.laddr, r.lport]);
      for (const r of retransmits) assert.deepEqual(ends(r), [LAB.client.addr, LAB.server.addr, LAB.port], JSON.stringify(r));
    });
  }
});
