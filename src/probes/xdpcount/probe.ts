// xdpcount: packets and bytes per traffic class and per flow on one interface, from probectl's XDP counter (libbpf loader, else BCC).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProbectlError } from '../../core/errors.js';
import type { HostFacts } from '../../host/facts.js';
import { buildXdpcountLoader, installBcc, installHeaders } from '../../host/install-remedies.js';
import type { BackendDefinition, ProbeDefinition } from '../../plan/catalog.js';
import { packageRoot } from '../../plan/package-root.js';
import type { ProbeSettings, Unavailable } from '../../plan/plan.js';
import { loaderArgs } from './loader-args.js';
import { type XdpcountOptions, xdpcountOptions } from './options.js';
import { readyLine } from './ready-line.js';

export interface XdpcountHost {
  /** The libbpf loader built by `npm run build:native`. */
  loader: string;
  /** The BCC loader, run by python3. */
  bccScript: string;
  python: string;
  /** Whether an interface of that name exists in this network namespace. */
  hasInterface(name: string): boolean;
  exists(path: string): boolean;
}

export function hostXdpcount(): XdpcountHost {
  const root = packageRoot();
  return {
    loader: join(root, 'dist', 'native', 'xdpcount'),
    bccScript: join(root, 'bcc-tools', 'xdpcount', 'xdpcount.py'),
    // Debian's python3-bpfcc installs into the system Python, which a pyenv or venv python3 does not see.
    python: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3',
    // `ip netns exec` mounts a sysfs of the namespace it enters, so this is the namespace probectl runs in.
    hasInterface: (name) => existsSync(join('/sys/class/net', name)),
    exists: existsSync,
  };
}

function xdpUnavailable(facts: HostFacts): Unavailable | undefined {
  const { xdp } = facts.attach;
  if (xdp.ok || xdp.unknown) return undefined;
  return { reason: `XDP programs do not attach here (${xdp.detail})`, ...(xdp.remedy && { remedy: xdp.remedy }) };
}

function settingsOf(settings: ProbeSettings, host: XdpcountHost): XdpcountOptions {
  // planProbe has checked them with xdpcountOptions.schema.
  const options = settings.xdpcount as XdpcountOptions | undefined;
  if (options === undefined) throw new Error('xdpcount planned without its options');
  if (!host.hasInterface(options.iface))
    throw new ProbectlError(
      'USAGE',
      `there is no interface ${options.iface} in this network namespace; nothing was attached.`,
      "List them with 'ip link'; for one in another namespace, run 'ip netns exec NS probectl run xdpcount --iface NAME'.",
    );
  return options;
}

function libbpfLoader(host: XdpcountHost): BackendDefinition {
  return {
    backend: 'libbpf',
    tool: "probectl's xdpcount (libbpf loader)",
    filters: [],
    unavailable(facts) {
      if (!host.exists(host.loader))
        return {
          reason: `the libbpf loader is not built (${host.loader} is missing)`,
          remedy: buildXdpcountLoader(facts.packages),
        };
      return xdpUnavailable(facts);
    },
    plan(filters, _facts, settings) {
      const options = settingsOf(settings, host);
      return {
        probe: 'xdpcount',
        backend: 'libbpf',
        argv: [host.loader, ...loaderArgs(options)],
        env: {},
        parser: 'xdpcount',
        impl: 'libbpf',
        layout: 'libbpf-v1',
        ready: readyLine('libbpf'),
        filters,
        stdinPipe: true,
      };
    },
  };
}

function bccLoader(host: XdpcountHost): BackendDefinition {
  return {
    backend: 'bcc',
    tool: "probectl's xdpcount.py (BCC)",
    filters: [],
    unavailable(facts) {
      if (!host.exists(host.bccScript)) return { reason: `the BCC loader is missing (${host.bccScript})` };
      if (facts.bcc.check.ok === false && Object.keys(facts.bcc.tools).length === 0)
        return { reason: 'BCC is not installed', remedy: installBcc(facts.packages) };
      if (facts.bcc.headers === 'missing')
        return {
          reason: `BCC compiles the XDP program at start against kernel headers, and there are none for ${facts.kernel} ("Unable to find kernel headers")`,
          remedy: installHeaders(facts.packages, facts.kernel, 'the libbpf loader needs none (npm run build:native)'),
        };
      // Headers of another kernel fail doctor's BCC check (struct offsets); this program reads no kernel struct, so only a check with matching headers counts.
      if (!facts.bcc.check.ok && facts.bcc.headers === 'match')
        return { reason: `BCC cannot run here: ${facts.bcc.check.detail}`, ...(facts.bcc.check.remedy && { remedy: facts.bcc.check.remedy }) };
      return xdpUnavailable(facts);
    },
    plan(filters, _facts, settings) {
      const options = settingsOf(settings, host);
      return {
        probe: 'xdpcount',
        backend: 'bcc',
        argv: [host.python, host.bccScript, ...loaderArgs(options)],
        env: { PYTHONUNBUFFERED: '1' },
        parser: 'xdpcount',
        impl: 'bcc',
        layout: 'bcc-v1',
        ready: readyLine('bcc'),
        filters,
        stdinPipe: true,
      };
    },
  };
}

export function xdpcountProbe(host: XdpcountHost = hostXdpcount()): ProbeDefinition {
  const packets = 'xdpcount counts packets on an interface; they carry no process or socket';
  return {
    name: 'xdpcount',
    description: 'packets and bytes per class (TCP, UDP, ICMP, RoCE v1/v2, ARP) and the busiest flows on one interface, every interval (XDP)',
    filterNotes: { pid: packets, comm: packets, port: packets, lport: packets, rport: packets, family: packets, failed: 'packets are not calls that can fail' },
    // libbpf first: its bpf_link detaches the program when the loader dies, even by SIGKILL; BCC's netlink
    // attach outlives a killed loader, and BCC compiles against kernel headers at every start.
    backends: [libbpfLoader(host), bccLoader(host)],
    options: xdpcountOptions,
  };
}

export const xdpcountProbeDefinition = xdpcountProbe();
