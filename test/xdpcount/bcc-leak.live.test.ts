// Live: the BCC loader detaches when probectl dies, even by SIGKILL; a loader killed itself leaves a program that doctor --fix removes, and only that one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it, type TestContext } from 'node:test';
import { kernelHeaders } from '../../dev/capture/fixtures.js';
import { liveBlocker, liveOrSkip } from '../live.js';
import { bccLoaderBlocker, libbpfLoaderBlocker, needsLinkedHeaders } from './blockers.js';
import { attachOther } from './other-program.js';
import { ownNet, ownNetDown, ownNetUp } from './own-net.js';
import { holdLab } from '../../src/lab/index.js';

/** Not the other live file's namespaces: test files run in parallel. */
const OWN = ownNet('xbc', 210);
import { attachedXdp, runXdpcount, sendUdp, waitDetached } from './xdp-run.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

function bccOrSkip(t: TestContext): boolean {
  if (!liveOrSkip(t)) return false;
  const blocker = bccLoaderBlocker();
  if (blocker !== undefined) t.skip(blocker);
  return blocker === undefined;
}

describe('the BCC loader leaves nothing behind that doctor --fix does not remove (live: root, XDP, BCC)', () => {
  let linked = false;
  let release = () => {};
  before(async () => {
    if (liveBlocker() !== undefined) return;
    // The lab lock, though the lab is not used: the kernel-headers link is shared with the lab test's BCC run.
    release = await holdLab();
    ownNetUp(OWN);
    if (bccLoaderBlocker() === undefined && needsLinkedHeaders()) {
      await kernelHeaders.setUp();
      linked = true;
    }
  });
  after(async () => {
    if (linked) await kernelHeaders.tearDown();
    if (liveBlocker() === undefined) ownNetDown(OWN);
    release();
  });

  it('detaches when probectl gets SIGKILL: the loader sees its stdin close', async (t) => {
    if (!bccOrSkip(t)) return;
    const run = runXdpcount(OWN.server, OWN.serverIf, ['--backend', 'bcc']);
    await run.ready;
    assert.equal(attachedXdp(OWN.server, OWN.serverIf)?.name, 'pctl_xdpcount');
    run.child.kill('SIGKILL');
    await run.ended;
    assert.equal(await waitDetached(OWN.server, OWN.serverIf, 5000), undefined);
  });

  it('leaves a program when the loader itself is SIGKILLed; doctor --fix detaches it and leaves another program alone', async (t) => {
    if (!bccOrSkip(t)) return;
    const detachOther = attachOther(OWN.client, OWN.clientIf);
    try {
      const run = runXdpcount(OWN.server, OWN.serverIf, ['--backend', 'bcc']);
      await run.ready;
      const loader = execFileSync('pgrep', ['-P', String(run.child.pid), '-f', 'xdpcount.py'], { encoding: 'utf8' }).trim();
      process.kill(Number(loader), 'SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      const stale = attachedXdp(OWN.server, OWN.serverIf);
      assert.equal(stale?.name, 'pctl_xdpcount', 'a netlink attach outlives a loader killed by SIGKILL');
      run.child.kill('SIGKILL');
      await run.ended;
      const fixed = execFileSync(process.execPath, [MAIN, 'doctor', '--fix'], { encoding: 'utf8' });
      assert.match(fixed, new RegExp(`detached a stale pctl_xdpcount \\(id ${stale!.id}\\) from ${OWN.serverIf} in namespace ${OWN.server}`));
      assert.equal(attachedXdp(OWN.server, OWN.serverIf), undefined);
      assert.equal(attachedXdp(OWN.client, OWN.clientIf)?.name, 'xdp_other');
    } finally {
      detachOther();
    }
  });

  it('counts the same RoCE v2 datagrams as the libbpf loader, both starting clean', async (t) => {
    if (!bccOrSkip(t)) return;
    if (libbpfLoaderBlocker() !== undefined) return t.skip(libbpfLoaderBlocker()!);
    const counted: Record<string, number> = {};
    for (const backend of ['libbpf', 'bcc']) {
      const run = runXdpcount(OWN.server, OWN.serverIf, ['--backend', backend, '--filter', 'roce_v2', '--interval', '0.5']);
      await run.ready;
      sendUdp(OWN.client, OWN.serverAddr, 4791, 25, 300);
      sendUdp(OWN.client, OWN.serverAddr, 4792, 10, 300); // plain UDP: filtered out
      await new Promise((r) => setTimeout(r, 600));
      run.child.kill('SIGINT');
      await run.ended;
      const counts = run.events.filter((e) => e.type === 'xdp.count');
      assert.ok(
        counts.every((e) => e.type === 'xdp.count' && e.proto === 'roce_v2'),
        backend,
      );
      counted[backend] = counts.reduce((s, e) => s + (e.type === 'xdp.count' ? e.packets : 0), 0);
    }
    assert.deepEqual(counted, { libbpf: 25, bcc: 25 });
  });
});
