// Kernel BTF: what CO-RE tools (libbpf-tools) and bpftrace need to read kernel structs without headers.
import { stat } from 'node:fs/promises';
import type { Check } from './facts.js';

export async function btfCheck(file = '/sys/kernel/btf/vmlinux'): Promise<Check> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined)
    return {
      ok: false,
      detail: `${file} is absent: the kernel has no BTF`,
      remedy: 'libbpf-tools and bpftrace struct access need kernel BTF: boot a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distributions ship one)',
    };
  return { ok: true, detail: `${file} (${(size / 1048576).toFixed(1)} MB)` };
}
