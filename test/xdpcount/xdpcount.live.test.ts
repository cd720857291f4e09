// Live: xdpcount over the lab counts what the interface received, classifies TCP and RoCE v2, and leaves nothing attached however probectl ends.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostXdpcount } from '../../src/probes/xdpcount/probe.js';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { holdLab, labDown, labStatus, labTraffic, labUp, LAB } from '../../src/lab/index.js';
import { liveBlocker, liveOrSkip } from '../live.js';
import { kernelHeaders } from '../../dev/capture/fixtures.js';
import { bccLoaderBlocker, libbpfLoaderBlocker, needsLinkedHeaders } from './blockers.js';
import { OWN, ownNetDown, ownNetUp } from './own-net.js';
import { attachedXdp, runXdpcount, rxPackets, sendUdp, waitDetached } from './xdp-run.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Live and this loader built: else skip saying why (fail under CI for the libbpf loader, which CI builds). */
function loaderOrSkip(t: TestContext, backend: 'libbpf' | 'bcc'): boolean {
  if (!liveOrSkip(t)) return false;
  const blocker = backend === 'libbpf' ? libbpfLoaderBlocker() : bccLoaderBlocker();
  if (blocker === undefined) return true;
  if (backend === 'libbpf' && process.env.CI === 'true') assert.fail(`${blocker}; CI=true requires the live tests to run`);
  t.skip(blocker);
  return false;
}

describe('xdpcount over the lab (live: root, XDP)', () => {
  let release = () => {};
  let madeLab = false;
  before(async () => {
    if (liveBlocker() !== undefined) return;
    release = await holdLab();
    if ((await labStatus()).state !== 'up') {
      await labUp({ loss: 5 });
      madeLab = true;
    }
  });
  after(async () => {
    if (madeLab) await labDown().catch(() => {});
    release();
  });

  for (const backend of ['libbpf', 'bcc'] as const) {
    it(`${backend} loader: the xdp.count packets sum to the interface's RX counter delta, TCP is tcp and UDP to 4791 is roce_v2`, async (t) => {
      if (!loaderOrSkip(t, backend)) return;
      const { netns, veth } = LAB.server;
      const linked = backend === 'bcc' && needsLinkedHeaders();
      if (linked) await kernelHeaders.setUp(); // removed in finally; refuses to touch anything already there
      const run = runXdpcount(netns, veth, ['--backend', backend, '--interval', '0.5', '--top', '20']);
      try {
        const ready = await run.ready;
        assert.match((ready as EventOf<'probe.status'>).message ?? '', /mode=(native|skb)/);
        const rxBefore = rxPackets(netns, veth);
        const traffic = await labTraffic({ connections: 2, bytes: 262_144, reply: 16_384, timeout: 30 });
        assert.ok(traffic.complete);
        sendUdp(LAB.client.netns, LAB.server.addr, 4791, 40);
        await sleep(700);
        const rxAfter = rxPackets(netns, veth);
        run.child.kill('SIGINT');
        assert.equal(await run.ended, 0, run.stderr());
        const counts = run.events.filter((e): e is EventOf<'xdp.count'> => e.type === 'xdp.count');
        const flows = run.events.filter((e): e is EventOf<'xdp.flow'> => e.type === 'xdp.flow');
        const sum = counts.reduce((s, e) => s + e.packets, 0);
        const delta = rxAfter - rxBefore;
        t.diagnostic(`${backend}: xdp.count packets ${sum}, ip -s link RX delta ${delta}`);
        assert.ok(Math.abs(sum - delta) <= 5, `xdp.count packets ${sum} vs RX delta ${delta}`);
        const byClass = (proto: string) => counts.filter((e) => e.proto === proto).reduce((s, e) => s + e.packets, 0);
        assert.ok(byClass('tcp') > 100, `tcp packets ${byClass('tcp')}`);
        assert.ok(byClass('roce_v2') >= 40, `roce_v2 packets ${byClass('roce_v2')}`);
        assert.ok(flows.some((f) => f.dport === LAB.port && f.traffic_type === 'tcp' && f.proto === 'tcp' && f.dst === LAB.server.addr));
        assert.ok(flows.some((f) => f.dport === 4791 && f.traffic_type === 'roce_v2' && f.proto === 'udp' && f.src === LAB.client.addr));
        assert.equal(attachedXdp(netns, veth), undefined);
      } finally {
        run.child.kill('SIGKILL');
        await run.ended;
        if (linked) await kernelHeaders.tearDown();
      }
    });
  }
});

describe('xdpcount leaves no XDP program behind (live: root, XDP)', () => {
  before(() => {
    if (liveBlocker() === undefined) ownNetUp(OWN);
  });
  after(() => {
    if (liveBlocker() === undefined) ownNetDown(OWN);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`detaches when probectl gets ${signal}`, async (t) => {
      if (!loaderOrSkip(t, 'libbpf')) return;
      const run = runXdpcount(OWN.server, OWN.serverIf, ['--backend', 'libbpf']);
      try {
        await run.ready;
        assert.equal(attachedXdp(OWN.server, OWN.serverIf)?.name, 'pctl_xdpcount');
        run.child.kill(signal);
        await run.ended;
        assert.equal(await waitDetached(OWN.server, OWN.serverIf, 3000), undefined);
      } finally {
        run.child.kill('SIGKILL');
      }
    });
  }

  it('refuses an interface that already has an XDP program, naming it, and leaves it attached', async (t) => {
    if (!loaderOrSkip(t, 'libbpf')) return;
    const first = runXdpcount(OWN.server, OWN.serverIf, ['--backend', 'libbpf']);
    try {
      await first.ready;
      const held = attachedXdp(OWN.server, OWN.serverIf)!;
      const second = runXdpcount(OWN.server, OWN.serverIf, ['--backend', 'libbpf']);
      assert.equal(await second.ended, 1);
      assert.match(second.stderr(), new RegExp(`already has an XDP program attached \\(id ${held.id}, name pctl_xdpcount`));
      assert.deepEqual(attachedXdp(OWN.server, OWN.serverIf), held);
    } finally {
      first.child.kill('SIGINT');
      await first.ended;
    }
  });

  it('runs beside a tracepoint probe in one run, inside a namespace', async (t) => {
    if (!loaderOrSkip(t, 'libbpf')) return;
    const run = runXdpcount(OWN.server, OWN.serverIf, ['--backend', 'auto', '--interval', '0.3'], ['opensnoop']);
    try {
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          const ready = run.events.filter((e) => e.type === 'probe.status' && e.state === 'ready').map((e) => e.probe);
          if (ready.includes('xdpcount') && ready.includes('opensnoop')) clearInterval(check), resolve();
        }, 50);
        void run.ended.then(() => (clearInterval(check), reject(new Error(run.stderr()))));
      });
      sendUdp(OWN.client, OWN.serverAddr, 4791, 10);
      await sleep(700);
      run.child.kill('SIGINT');
      assert.equal(await run.ended, 0, run.stderr());
      assert.ok(run.events.some((e) => e.type === 'xdp.count' && e.proto === 'roce_v2' && e.packets > 0));
      assert.ok(run.events.some((e) => e.type === 'file.open'));
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('the libbpf loader run without privileges says so, exits 4 and attaches nothing', async (t) => {
    if (!loaderOrSkip(t, 'libbpf')) return;
    // A copy nobody can execute wherever the checkout lives.
    const dir = mkdtempSync(join(tmpdir(), 'pctl-xdp-nopriv-'));
    try {
      const loader = join(dir, 'xdpcount');
      copyFileSync(hostXdpcount().loader, loader);
      chmodSync(dir, 0o755);
      chmodSync(loader, 0o755);
      const r = spawnSync(
        'ip',
        ['netns', 'exec', OWN.server, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', loader, '--iface', OWN.serverIf],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      assert.equal(r.status, 4, r.stderr);
      assert.match(r.stderr, /refused to load the XDP program \(Operation not permitted\): run as root/);
      assert.equal(attachedXdp(OWN.server, OWN.serverIf), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an interface that does not exist, attaching nothing', async (t) => {
    if (!loaderOrSkip(t, 'libbpf')) return;
    const run = runXdpcount(OWN.server, 'pctl-nonesuch');
    assert.equal(await run.ended, 2);
    assert.match(run.stderr(), /there is no interface pctl-nonesuch in this network namespace/);
  });
});
