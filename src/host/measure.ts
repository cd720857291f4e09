// Measures the host facts: every check runs for real, independent ones in parallel, each child time-limited.
import { release as kernelRelease } from 'node:os';
import { attachChecks } from './attach-probes.js';
import { btfCheck } from './btf.js';
import { bpftraceCheck, findBpftrace } from './bpftrace.js';
import { effectiveBpfCapabilities } from './capabilities.js';
import { clangCheck } from './clang.js';
import { findExecutable, searchDirs } from './executables.js';
import { hostFactsSchema, type HostFacts } from './facts.js';
import { findHeaders } from './headers.js';
import { readKernelConfig } from './kernel-config.js';
import { mountCheck, readMounts, tracefsDir } from './mounts.js';
import { aptOffers, remedyPackages } from './packages.js';
import { localRingFacts } from './ring-facts.js';
import { toolFacts } from './tool-checks.js';
import type { HostToolNames } from './tools.js';
import { xdpCheck } from './xdp.js';

export interface MeasureOptions {
  /** The BCC and libbpf-tools executables to look for: the probe modules' (hostToolNames in src/probes/registry.ts). */
  tools: HostToolNames;
  /** The PATH searched for tools (default: this process's). */
  path?: string;
  /** Limit for each child process (default 8000 ms). */
  timeoutMs?: number;
  /** Where kernel headers are looked for (default /lib/modules). */
  modulesDir?: string;
}

/** Each check's child process limit unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 8000;

export async function measureHostFacts(options: MeasureOptions): Promise<HostFacts> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dirs = searchDirs(options.path ?? process.env.PATH);
  const kernel = kernelRelease();
  const root = process.getuid?.() === 0;
  // Remedies name a package only when the repositories offer it; the lookup (about a second) runs beside every check.
  const packages = aptOffers(remedyPackages(kernel), dirs);
  const [mounts, capabilities, btf, bpftrace, ip, headers, kernelConfig] = await Promise.all([
    readMounts(),
    effectiveBpfCapabilities(),
    btfCheck(),
    findBpftrace(dirs, timeoutMs),
    findExecutable('ip', dirs),
    findHeaders(kernel, options.modulesDir),
    readKernelConfig(kernel),
  ]);
  const [attach, [clang, xdp], bpftraceFacts, tools] = await Promise.all([
    attachChecks({ bpftrace: bpftrace.path, root, tracefs: tracefsDir(mounts), timeoutMs, btf: btf.ok, kernelConfig, packages }),
    clangCheck(dirs, timeoutMs, packages).then(async (clang) => [clang, await xdpCheck({ clang: clang.path, ip, root, timeoutMs, packages })] as const),
    bpftraceCheck(bpftrace, root, timeoutMs, packages),
    toolFacts(options.tools, { dirs }, headers, kernel, btf, packages),
  ]);
  const offers = await packages;
  const features = attach.fentry.ok ? [...bpftraceFacts.features, 'kfunc'] : bpftraceFacts.features;
  return hostFactsSchema.parse({
    kernel,
    root,
    capabilities,
    ...localRingFacts(),
    btf,
    tracefs: mountCheck('tracefs', mounts),
    debugfs: mountCheck('debugfs', mounts),
    attach: { ...attach, xdp },
    bpftrace: { path: bpftrace.path, version: bpftrace.version, features, check: bpftraceFacts.check },
    ...tools,
    clang: clang.check,
    ...(offers !== undefined && { packages: offers }),
  });
}
