// Kernel BTF: what CO-RE tools (libbpf-tools) and bpftrace need to read kernel structs without headers.
import { stat } from 'node:fs/promises';
import type { Check } from './facts.js';

export const BTF_FILE = '/sys/kernel/btf/vmlinux';

export async function btfCheck(file = BTF_FILE): Promise<Check> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  return btfCheckOf(file, size);
}

/** The check for a BTF file of this size, or absent (undefined), wherever the size was measured. */
export function btfCheckOf(file: string, size: number | undefined): Check {
  if (size === undefined)
    return {
      ok: false,
      detail: `${file} is absent: the kernel has no BTF`,
      remedy: 'libbpf-tools and bpftrace struct access need kernel BTF: boot a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distributions ship one)',
    };
  return { ok: true, detail: `${file} (${(size / 1048576).toFixed(1)} MB)` };
}
