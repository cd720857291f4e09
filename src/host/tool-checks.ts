// The BCC and libbpf-tools entries of the host facts: tools found, and whether their output can be trusted.
import type { Check, HostFacts } from './facts.js';
import type { HeadersFinding } from './headers.js';
import { installBcc, installHeaders, installLibbpfTools } from './install-remedies.js';
import type { PackageOffers, PendingOffers } from './packages.js';
import { findBccTool, findLibbpfTool, findTools, type HostToolNames, type ToolSearch } from './tools.js';

const listed = (tools: Record<string, string>): string =>
  Object.entries(tools)
    .map(([name, path]) => `${name} ${path}`)
    .join(', ');

/** BCC: ok when its tools (any of names) are installed and the kernel headers they compile against are this kernel's. */
export function bccCheck(tools: Record<string, string>, headers: HeadersFinding, release: string, names: readonly string[], packages?: PackageOffers): Check {
  if (Object.keys(tools).length === 0)
    return {
      ok: false,
      detail: `none of ${names.join(', ')} found as <tool>-bpfcc, /usr/share/bcc/tools/<tool> or on PATH`,
      remedy: installBcc(packages),
    };
  const found = `found ${listed(tools)}`;
  if (headers.state === 'match') return { ok: true, detail: `${found}; kernel headers for ${release} at ${headers.dir}` };
  if (headers.state === 'missing')
    return {
      ok: false,
      detail: `${found}; no kernel headers at ${headers.dir}, so BCC tools cannot compile their programs`,
      remedy: installHeaders(packages, release),
    };
  return {
    ok: false,
    detail: `${found}; the headers at ${headers.dir} are for ${headers.version ?? 'an unknown kernel'}, not ${release}: BCC tools that read kernel structs print wrong numbers through them`,
    remedy: `${installHeaders(packages, release)} (or remove ${headers.dir}, so that BCC refuses to start rather than read structs wrongly)`,
  };
}

/** libbpf-tools: ok when the CO-RE binaries (any of names) are installed and the kernel has the BTF they need. */
export function libbpfCheck(tools: Record<string, string>, btf: Check, names: readonly string[], packages?: PackageOffers): Check {
  if (Object.keys(tools).length === 0)
    return {
      ok: false,
      detail: `none of ${names.join(', ')} found as a native binary (a script of that name is a BCC tool)`,
      remedy: installLibbpfTools(packages),
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
  pending?: PendingOffers,
): Promise<Pick<HostFacts, 'bcc' | 'libbpf'>> {
  const [bccTools, libbpfTools, packages] = await Promise.all([
    findTools(names.bcc, findBccTool, search),
    findTools(names.libbpf, findLibbpfTool, search),
    pending,
  ]);
  return {
    bcc: { tools: bccTools, headers: headers.state, check: bccCheck(bccTools, headers, release, names.bcc, packages) },
    libbpf: { tools: libbpfTools, check: libbpfCheck(libbpfTools, btf, names.libbpf, packages) },
  };
}
