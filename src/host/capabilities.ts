// The process's effective capabilities, decoded from CapEff in /proc/self/status.
import { readFile } from 'node:fs/promises';

/** Capability names by bit number (include/uapi/linux/capability.h). */
const capabilityNames = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;

/** The capabilities that decide what BPF tracing may do (CAP_SYS_RESOURCE: the locked-memory limit). */
export const bpfCapabilities = ['CAP_BPF', 'CAP_PERFMON', 'CAP_SYS_ADMIN', 'CAP_NET_ADMIN', 'CAP_SYS_RESOURCE'];

/** Names of the bits set in a CapEff hex mask; unknown bits as CAP_<n>. Undefined for a malformed mask. */
export function decodeCapabilities(hex: string): string[] | undefined {
  if (!/^[0-9a-f]{1,16}$/i.test(hex)) return undefined;
  const mask = BigInt('0x' + hex);
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) if ((mask >> BigInt(bit)) & 1n) names.push(capabilityNames[bit] ?? `CAP_${bit}`);
  return names;
}

/** The CapEff mask from the text of /proc/<pid>/status. */
export function capEffOf(statusText: string): string | undefined {
  return /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(statusText)?.[1];
}

/** This process's BPF-relevant effective capabilities; empty when /proc cannot be read. */
export async function effectiveBpfCapabilities(statusFile = '/proc/self/status'): Promise<string[]> {
  const text = await readFile(statusFile, 'utf8').catch(() => '');
  const hex = capEffOf(text);
  const names = hex === undefined ? [] : (decodeCapabilities(hex) ?? []);
  return bpfCapabilities.filter((name) => names.includes(name));
}
