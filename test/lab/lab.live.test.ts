import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { holdLab, labDown, labStatus, labTraffic, labUp } from '../../src/lab/index.js';
import { labSteps } from '../../src/lab/lifecycle.js';
import { runSteps } from '../../src/lab/steps.js';
import { liveBlocker, liveOrSkip } from '../live.js';

const sh = (...argv: string[]) => execFileSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8' });

/** Whatever of the lab the system still shows: namespaces, veth interfaces, nftables tables. */
function leftovers(): string[] {
  const found: string[] = [];
  for (const line of sh('ip', 'netns', 'list').split('\n')) if (/^pctl-[ab]\b/.test(line)) found.push(`namespace ${line}`);
  for (const line of sh('ip', '-o', 'link').split('\n')) if (/pctl-v[ab]/.test(line)) found.push(`link ${line}`);
  for (const line of sh('nft', 'list', 'tables').split('\n')) if (line.includes('pctl_lab')) found.push(`nft ${line}`);
  return found;
}

const labError = (pattern: RegExp) => (e: unknown) => e instanceof ProbectlError && e.code === 'LAB' && pattern.test(e.message);

// One lab, built and torn down in order: these tests share it and run one after another.
// The lab is held for the whole suite, so another process's tests or captures wait instead of tearing it down mid-way.
describe('the lab (live: root, ip netns, nft)', () => {
  let release = () => {};
  before(async () => {
    if (liveBlocker() === undefined) release = await holdLab();
  });
  after(async () => {
    if (liveBlocker() === undefined) await labDown().finally(release);
  });

  it('comes up with 5 % loss and says what it made', async (t) => {
    if (!liveOrSkip(t)) return;
    const made = await labUp({ loss: 5 });
    assert.deepEqual(made.namespaces, ['pctl-a', 'pctl-b']);
    assert.deepEqual(
      made.interfaces.map((i) => [i.netns, i.name, i.address]),
      [
        ['pctl-a', 'pctl-va', '10.201.0.1/24'],
        ['pctl-b', 'pctl-vb', '10.201.0.2/24'],
      ],
    );
    assert.equal(made.server.port, 5001);
    assert.equal(made.loss.percent, 5);
    assert.match(sh('ip', 'netns', 'list'), /pctl-a/);
    assert.match(sh('ip', 'netns', 'exec', 'pctl-b', 'nft', 'list', 'table', 'inet', 'pctl_lab'), /numgen random mod 100 < 5 counter packets 0 bytes 0 drop/);
    const status = await labStatus();
    assert.equal(status.state, 'up');
    assert.equal(status.nft.loss_percent, 5);
    assert.ok(status.interfaces.every((i) => i.operstate === 'UP'));
  });

  let dropsAfterTraffic = -1;
  it('moves exactly the requested bytes at both ends of every connection, and the drop counter rises', async (t) => {
    if (!liveOrSkip(t)) return;
    const requested = { connections: 6, bytes: 1_048_576, reply: 65_536, timeout: 30 };
    const result = await labTraffic(requested);
    assert.ok(result.complete, JSON.stringify(result.connections.filter((c) => !c.ok)));
    assert.deepEqual(result.requested, requested);
    assert.equal(result.connections.length, 6);
    const clientPorts = new Set<number>();
    for (const c of result.connections) {
      assert.ok(c.client && c.server);
      assert.deepEqual([c.client.sent, c.client.received, c.server.received, c.server.sent], [1_048_576, 65_536, 1_048_576, 65_536]);
      assert.deepEqual([c.client.comm, c.server.comm], ['pctl-cli', 'pctl-srv']);
      assert.deepEqual(c.client.remote, { address: '10.201.0.2', port: 5001 });
      assert.equal(c.client.local?.address, '10.201.0.1');
      assert.deepEqual(c.server.remote, c.client.local);
      assert.equal(c.server.pid, result.server.pid);
      assert.ok(c.client.started_at >= result.started_at && c.client.ended_at <= result.ended_at);
      clientPorts.add(c.client.local?.port ?? 0);
    }
    assert.equal(clientPorts.size, 6, 'each connection has its own client port');
    assert.equal(new Set(result.connections.map((c) => c.client?.pid)).size, 6, 'each connection has its own client process');
    // About 50 packets (GSO segments) per MiB reach the rule here: ~300 at 5 %, so no drop at all is a one-in-millions event.
    assert.ok(result.nft_drops.after.packets > result.nft_drops.before.packets, `no drops: ${JSON.stringify(result.nft_drops)}`);
    assert.equal(result.nft_drops.during.packets, result.nft_drops.after.packets - result.nft_drops.before.packets);
    dropsAfterTraffic = result.nft_drops.after.packets;
  });

  it("status reports the drop counter and the veths' packet counters", async (t) => {
    if (!liveOrSkip(t)) return;
    const status = await labStatus();
    assert.equal(status.nft.dropped?.packets, dropsAfterTraffic);
    for (const i of status.interfaces) assert.ok((i.rx?.packets ?? 0) > 0 && (i.tx?.packets ?? 0) > 0, `${i.name}: ${JSON.stringify(i)}`);
    const pctlVa = status.interfaces.find((i) => i.name === 'pctl-va');
    assert.ok((pctlVa?.tx?.bytes ?? 0) >= 6 * 1_048_576, 'the client side sent at least the payload');
  });

  it('up on an existing lab recreates it with the new loss and fresh counters', async (t) => {
    if (!liveOrSkip(t)) return;
    const made = await labUp({ loss: 10 });
    assert.equal(made.recreated, true);
    const status = await labStatus();
    assert.equal(status.state, 'up');
    assert.equal(status.nft.loss_percent, 10);
    assert.deepEqual(status.nft.dropped, { packets: 0, bytes: 0 });
  });

  it('down leaves no namespace, veth or nftables table, and a second down is a no-op', async (t) => {
    if (!liveOrSkip(t)) return;
    const { removed } = await labDown();
    assert.deepEqual(removed, ['nftables table inet pctl_lab', 'veth pctl-va (and its peer)', 'namespace pctl-a', 'namespace pctl-b']);
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(await labDown(), { removed: [] });
    assert.equal((await labStatus()).state, 'down');
  });

  it('traffic refuses when the lab is not up, saying to run lab up', async (t) => {
    if (!liveOrSkip(t)) return;
    await assert.rejects(labTraffic({ connections: 1 }), (e: unknown) => labError(/not up/)(e) && /probectl lab up/.test((e as ProbectlError).suggestion));
  });

  it('a step failing after everything was made removes all of it', async (t) => {
    if (!liveOrSkip(t)) return;
    const failing = { describe: 'an injected failure', run: () => Promise.reject(new Error('injected')) };
    await assert.rejects(runSteps([...labSteps(5), failing]), labError(/failed at "an injected failure": injected/));
    assert.deepEqual(leftovers(), []);
  });

  it('a name that collides half-way (the veth made twice) removes what was made before it', async (t) => {
    if (!liveOrSkip(t)) return;
    const steps = labSteps(5);
    const veth = steps.findIndex((s) => s.describe.startsWith('create veth'));
    assert.ok(veth > 0);
    steps.splice(veth + 1, 0, steps[veth]!);
    await assert.rejects(runSteps(steps), labError(/failed at "create veth .*File exists/));
    assert.deepEqual(leftovers(), []);
  });
});
