// What xdpcount may leave in the kernel: XDP programs named pctl_xdpcount, attached and held open by no process; found and detached, and only them.
import { readdir, readFile } from 'node:fs/promises';
import { oneShot } from '../../core/one-shot.js';
import type { Leftovers } from '../probe-module.js';

/** The name both xdpcount loaders give their program (BPF keeps 15 characters). */
export const XDPCOUNT_PROGRAM = 'pctl_xdpcount';

export interface AttachedXdp {
  /** The named network namespace (`ip netns list`), or undefined for probectl's own. */
  netns?: string;
  iface: string;
  id: number;
  name: string;
  /** ip's xdp.mode: 1 native, 2 skb (generic), 3 hw. */
  mode: number;
}

interface IpLink {
  ifname: string;
  xdp?: { mode?: number; prog?: { id: number; name?: string } };
}

/** The XDP programs on the links `ip -j link show` printed. */
export function attachedPrograms(ipJson: string, netns?: string): AttachedXdp[] {
  let links: IpLink[];
  try {
    links = JSON.parse(ipJson) as IpLink[];
  } catch {
    return [];
  }
  return links.flatMap((l) =>
    l.xdp?.prog === undefined
      ? []
      : [{ ...(netns !== undefined && { netns }), iface: l.ifname, id: l.xdp.prog.id, name: l.xdp.prog.name ?? '', mode: l.xdp.mode ?? 0 }],
  );
}

/** The ids of the BPF programs some process holds a descriptor of (a loader's program fd, a bpf_link's), from /proc/PID/fdinfo. */
export async function heldProgramIds(proc = '/proc'): Promise<Set<number>> {
  const held = new Set<number>();
  for (const pid of (await readdir(proc)).filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = await readdir(`${proc}/${pid}/fdinfo`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      const info = await readFile(`${proc}/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
      const m = /^prog_id:\s+(\d+)$/m.exec(info);
      if (m !== null) held.add(Number(m[1]));
    }
  }
  return held;
}

/** Probectl's programs that no process holds: left behind by a loader killed with SIGKILL (a netlink attach outlives it). */
export function staleOf(programs: readonly AttachedXdp[], held: ReadonlySet<number>): AttachedXdp[] {
  return programs.filter((p) => p.name === XDPCOUNT_PROGRAM && !held.has(p.id));
}

const OFF: Record<number, string> = { 1: 'xdpdrv', 2: 'xdpgeneric', 3: 'xdpoffload' };

export interface XdpFix {
  program: AttachedXdp;
  done: boolean;
  message: string;
}

/** The stale programs in this namespace and every named one. */
export async function findStaleXdp(ip = 'ip', timeoutMs = 5000): Promise<AttachedXdp[]> {
  const listed = await oneShot([ip, 'netns', 'list'], { timeoutMs });
  const namespaces: (string | undefined)[] = [
    undefined,
    ...listed.stdout
      .split('\n')
      .map((l) => l.split(' ')[0]!)
      .filter((n) => n.length > 0),
  ];
  const programs: AttachedXdp[] = [];
  for (const ns of namespaces) {
    const shown = await oneShot([ip, ...(ns === undefined ? [] : ['-n', ns]), '-j', 'link', 'show'], { timeoutMs });
    programs.push(...attachedPrograms(shown.stdout, ns));
  }
  return staleOf(programs, await heldProgramIds());
}

export const whereAttached = (p: AttachedXdp): string => `${p.iface}${p.netns === undefined ? '' : ` in namespace ${p.netns}`}`;

/** Finds and detaches the stale programs in this namespace and every named one. */
export async function fixStaleXdp(ip = 'ip', timeoutMs = 5000): Promise<XdpFix[]> {
  const fixes: XdpFix[] = [];
  for (const program of await findStaleXdp(ip, timeoutMs)) {
    const where = whereAttached(program);
    const off = OFF[program.mode] ?? 'xdp';
    const result = await oneShot([ip, ...(program.netns === undefined ? [] : ['-n', program.netns]), 'link', 'set', 'dev', program.iface, off, 'off'], {
      timeoutMs,
    });
    fixes.push(
      result.code === 0
        ? { program, done: true, message: `detached a stale ${XDPCOUNT_PROGRAM} (id ${program.id}) from ${where}` }
        : {
            program,
            done: false,
            message: `could not detach the stale ${XDPCOUNT_PROGRAM} (id ${program.id}) from ${where}: ${result.stderr.trim()}; run as root`,
          },
    );
  }
  return fixes;
}

/** What doctor reports and --fix removes for this module: stale programs the BCC loader left attached when killed outright. */
export const xdpcountLeftovers: Leftovers = {
  async find() {
    return (await findStaleXdp()).map((p) => `a stale ${XDPCOUNT_PROGRAM} (id ${p.id}) is attached to ${whereAttached(p)}, held by no process`);
  },
  async remove() {
    return (await fixStaleXdp()).map((fix) => fix.message);
  },
  none: `no XDP program left behind by probectl (${XDPCOUNT_PROGRAM} held by no process)`,
};
