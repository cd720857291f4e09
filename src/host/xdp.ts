// Whether XDP attaches here: a tiny program built by clang, attached to a veth in a throw-away namespace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { howItEnded, oneShot, type OneShotOptions, type OneShotResult } from '../core/one-shot.js';
import type { Check } from './facts.js';
import { installClang, installIproute2 } from './install-remedies.js';
import { deleteNetnsSync, newNetnsName, sweepStaleNamespaces } from './netns.js';
import type { PendingOffers } from './packages.js';
import { cleanupOnSignal } from './signal-cleanup.js';

export interface XdpContext {
  clang?: string;
  ip?: string;
  root: boolean;
  timeoutMs: number;
  packages?: PendingOffers;
}

/** XDP_PASS for every packet; no headers needed, so it builds wherever clang targets bpf. */
const program = `__attribute__((section("xdp"), used)) int probectl_pass(void *ctx) { return 2; }
__attribute__((section("license"), used)) char _license[] = "GPL";
`;

const said = (step: string, r: OneShotResult): string =>
  `${step} failed: ${(r.stderr.trim() || r.stdout.trim()).split('\n').slice(0, 3).join('; ')} (${howItEnded(r)})`;

/** The XDP program id attached to the device, from `ip -j link show`. */
export function attachedXdpId(ipJson: string): number | undefined {
  try {
    const links = JSON.parse(ipJson) as { xdp?: { prog?: { id?: number } } }[];
    return links[0]?.xdp?.prog?.id;
  } catch {
    return undefined;
  }
}

export async function xdpCheck(ctx: XdpContext): Promise<Check> {
  if (!ctx.root) return { ok: false, unknown: true, detail: 'not tested: attaching XDP needs root', remedy: "run 'sudo probectl doctor'" };
  if (ctx.ip === undefined) return { ok: false, unknown: true, detail: 'not tested: ip (iproute2) is missing', remedy: installIproute2(await ctx.packages) };
  if (ctx.clang === undefined)
    return {
      ok: false,
      unknown: true,
      detail: 'not tested: clang is missing (it builds the test XDP program)',
      remedy: installClang(await ctx.packages),
    };
  const { ip, clang } = ctx;
  // The steps share one budget, so a busy host (rtnl contention) cannot stretch doctor; cleanup keeps its own limit.
  const deadline = performance.now() + ctx.timeoutMs;
  const left = (): OneShotOptions => ({ timeoutMs: Math.max(250, deadline - performance.now()) });
  // Created synchronously with the signal handler installed right after: no moment where a signal leaves it behind.
  const dir = mkdtempSync(join(tmpdir(), `probectl-xdp-${process.pid}-`));
  const ns = newNetnsName();
  let nsAttempted = false; // set before `ip netns add`: a child killed mid-way may still have made it
  // Whatever happens, also on Ctrl-C: no namespace (and with it no veth or XDP program) and no temp files stay behind.
  const dispose = cleanupOnSignal(() => {
    if (nsAttempted) deleteNetnsSync(ip, ns, ctx.timeoutMs);
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    writeFileSync(join(dir, 'xdp.c'), program);
    const built = await oneShot([clang, '-O2', '-target', 'bpf', '-c', join(dir, 'xdp.c'), '-o', join(dir, 'xdp.o')], left());
    if (built.code !== 0)
      return {
        ok: false,
        unknown: true,
        detail: `not tested: ${said('clang -target bpf', built)}`,
        remedy: `clang cannot build BPF objects: ${installClang(await ctx.packages)}`,
      };
    await sweepStaleNamespaces(ip, left().timeoutMs);
    nsAttempted = true;
    const added = await oneShot([ip, 'netns', 'add', ns], left());
    if (added.code !== 0)
      return {
        ok: false,
        unknown: true,
        detail: `not tested: ${said('ip netns add', added)}`,
        remedy: 'network namespaces are needed to test XDP safely: check that /run/netns is writable and the kernel has CONFIG_NET_NS=y',
      };
    return await attachInNamespace(ip, ns, join(dir, 'xdp.o'), left);
  } finally {
    if (nsAttempted) await oneShot([ip, 'netns', 'del', ns], { timeoutMs: ctx.timeoutMs });
    await rm(dir, { recursive: true, force: true });
    dispose();
  }
}

async function attachInNamespace(ip: string, ns: string, object: string, left: () => OneShotOptions): Promise<Check> {
  const veth = await oneShot([ip, '-n', ns, 'link', 'add', 'pdx0', 'type', 'veth', 'peer', 'name', 'pdx1'], left());
  if (veth.code !== 0)
    return {
      ok: false,
      unknown: true,
      detail: `not tested: ${said('creating a veth pair', veth)}`,
      remedy: 'XDP is tested on a veth: load the veth module (modprobe veth) or use a kernel with CONFIG_VETH',
    };
  const attach = await oneShot([ip, '-n', ns, 'link', 'set', 'dev', 'pdx0', 'xdp', 'obj', object, 'sec', 'xdp'], left());
  if (attach.code !== 0)
    return {
      ok: false,
      detail: said('ip link set dev veth xdp obj', attach),
      remedy:
        'the kernel refused an XDP program on a veth (see the error): XDP needs CONFIG_BPF_SYSCALL=y and a kernel 4.8+; check that bpf() is not blocked (lockdown, seccomp)',
    };
  const shown = await oneShot([ip, '-n', ns, '-j', 'link', 'show', 'dev', 'pdx0'], left());
  const id = attachedXdpId(shown.stdout);
  await oneShot([ip, '-n', ns, 'link', 'set', 'dev', 'pdx0', 'xdp', 'off'], left());
  if (id === undefined)
    return {
      ok: false,
      detail: 'ip accepted the XDP program but the veth shows none attached',
      remedy: 'check iproute2 (ip -V): it must be built with libbpf or libelf support to load XDP objects',
    };
  return { ok: true, detail: `attached an XDP program (id ${id}) to a veth in a throw-away network namespace, then removed both` };
}
