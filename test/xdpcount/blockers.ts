// Why each xdpcount loader cannot run here (undefined when it can), for the live tests' skip reasons.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { release } from 'node:os';
import { hostXdpcount } from '../../src/probes/xdpcount/probe.js';

export function libbpfLoaderBlocker(): string | undefined {
  const { loader } = hostXdpcount();
  return existsSync(loader)
    ? undefined
    : `the libbpf loader ${loader} is not built: npm run build:native needs clang, bpftool and libbpf-dev (bash scripts/setup.sh)`;
}

/** BCC compiles the program at start against /lib/modules/$(uname -r)/build; without it BCC cannot load anything. */
export function bccLoaderBlocker(): string | undefined {
  const { python } = hostXdpcount();
  try {
    execFileSync(python, ['-c', 'import bcc'], { stdio: 'ignore' });
  } catch {
    return `BCC's Python module is not installed for ${python} (apt-get install python3-bpfcc)`;
  }
  if (existsSync(`/lib/modules/${release()}/build`) || headersDonor() !== undefined) return undefined;
  return `BCC needs kernel headers at /lib/modules/${release()}/build to compile the XDP program, and this host has none, nor any other kernel's to link for the test`;
}

/** Another kernel's headers the test may link for BCC (as the capture fixture does): the program reads no kernel struct, so their version does not matter. */
export function headersDonor(): string | undefined {
  if (!existsSync('/lib/modules')) return undefined;
  return readdirSync('/lib/modules').find((v) => v !== release() && existsSync(`/lib/modules/${v}/build/Makefile`));
}

/** True when /lib/modules/$(uname -r)/build is missing: BCC's test links another kernel's headers there for its duration. */
export const needsLinkedHeaders = (): boolean => !existsSync(`/lib/modules/${release()}/build`);
