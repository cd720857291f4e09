// The BCC and libbpf-tools entries of the host facts: tools found, and whether their output can be trusted.
import type { Check, HostFacts } from './facts.js';
import type { HeadersFinding } from './headers.js';
import { findBccTool, findLibbpfTool, findTools, type HostToolNames, type ToolSearch } from './tools.js';

const listed = (tools: Record<string, string>): string =>
  Object.entries(tools)
    .map(([name, path]) => `${name} ${path}`)
    .join(', ');

/** BCC: ok when its tools (any of names) are installed and the kernel headers they compile against are this kernel's. */
export function bccCheck(tools: Record<string, string>, headers: HeadersFinding, release: string, names: readonly string[]): Check {
  if (Object.keys(tools).length === 0)
    return {
      ok: false,
      detail: `none of ${names.join(', ')} found as <tool>-bpfcc, /usr/share/bcc/tools/<tool> or on PATH`,
      remedy: 'install the BCC tools: apt-get install bpfcc-tools python3-bpfcc (Debian/Ubuntu) or dnf install bcc-tools (Fedora/RHEL)',
    };
  const found = `found ${listed(tools)}`;
  if (headers.state === 'match') return { ok: true, detail: `${found}; kernel headers for ${release} at ${headers.dir}` };
  if (headers.state === 'missing')
    return {
      ok: false,
      detail: `${found}; no kernel headers at ${headers.dir}, so BCC tools cannot compile their programs`,
      remedy: `install this kernel's headers where your distribution ships them (Debian/Ubuntu: apt-get install linux-headers-${release}; Fedora/RHEL: dnf install kernel-devel-${release}); where none exist, use the libbpf or bpftrace backends`,
    };
  return {
    ok: false,
    detail: `${found}; the headers at ${headers.dir} are for ${headers.version ?? 'an unknown kernel'}, not ${release}: BCC tools that read kernel structs print wrong numbers through them`,
    remedy: `install headers for ${release} where your distribution ships them (apt-get install linux-headers-${release}), or remove ${headers.dir}; until then use the libbpf or bpftrace backends`,
  };
}

/** libbpf-tools: ok when the CO-RE binaries (any of names) are installed and the kernel has the BTF they need. */
export function libbpfCheck(tools: Record<string, string>, btf: Check, names: readonly string[]): Check {
  if (Object.keys(tools).length === 0)
    return {
      ok: false,
      detail: `none of ${names.join(', ')} found as a native binary (a script of that name is a BCC tool)`,
      remedy: 'install libbpf-tools: apt-get install libbpf-tools (Debian 12+, Ubuntu 22.04+)',
    };
  if (!btf.ok) return { ok: false, detail: `found ${listed(tools)}, but the kernel has no BTF for them to run`, remedy: btf.remedy };
  return { ok: true, detail: `found ${listed(tools)}` };
}

export async function toolFacts(
  names: HostToolNames,
  search: ToolSearch,
  headers: HeadersFinding,
  release: string,
  btf: Check,
): Promise<Pick<HostFacts, 'bcc' | 'libbpf'>> {
  const [bccTools, libbpfTools] = await Promise.all([findTools(names.bcc, findBccTool, search), findTools(names.libbpf, findLibbpfTool, search)]);
  return {
    bcc: { tools: bccTools, headers: headers.state, check: bccCheck(bccTools, headers, release, names.bcc) },
    libbpf: { tools: libbpfTools, check: libbpfCheck(libbpfTools, btf, names.libbpf) },
  };
}
