// Which of the packages probectl's remedies name the configured apt repositories offer, so that a remedy never names one that is not there.
import { findExecutable } from './executables.js';
import type { HostFacts } from './facts.js';
import { oneShot } from '../core/one-shot.js';

/** Package name → whether a configured repository offers it (apt: it has a candidate version). */
export type PackageOffers = NonNullable<HostFacts['packages']>;

/** The offers as they are being looked up: checks await them only to write a remedy, so the lookup delays no check. */
export type PendingOffers = Promise<PackageOffers | undefined>;

/** Every package a remedy may name on this kernel. */
export function remedyPackages(release: string): string[] {
  return ['bpftrace', 'bpfcc-tools', 'python3-bpfcc', 'libbpf-tools', 'clang', 'llvm', 'libbpf-dev', 'bpftool', 'iproute2', `linux-headers-${release}`];
}

/**
 * Reads `apt-cache policy A B C`: a block per package apt knows (`name:` then `  Candidate: version`); a name it
 * does not know prints nothing, and one only provided by others has `Candidate: (none)`.
 */
export function parseAptPolicy(text: string, names: readonly string[]): PackageOffers {
  const offers: PackageOffers = Object.fromEntries(names.map((name) => [name, false]));
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const block = /^(\S+):$/.exec(line);
    if (block !== null) current = block[1];
    const candidate = /^\s+Candidate: (.+)$/.exec(line);
    if (candidate !== null && current !== undefined && current in offers) offers[current] = candidate[1]!.trim() !== '(none)';
  }
  return offers;
}

/**
 * apt-cache reads every package list when apt keeps no binary cache (Debian's container images remove it): 0.75 s of
 * CPU on the lab machine, several seconds of wall time when the machine is busy. It runs beside the other checks.
 */
export const APT_TIMEOUT_MS = 20_000;

/** The offers of the configured apt repositories; undefined where apt-cache is absent or did not answer. */
export async function aptOffers(names: readonly string[], dirs: readonly string[], timeoutMs = APT_TIMEOUT_MS): Promise<PackageOffers | undefined> {
  const aptCache = await findExecutable('apt-cache', dirs);
  if (aptCache === undefined) return undefined;
  const result = await oneShot([aptCache, 'policy', ...names], { timeoutMs, env: { ...process.env, LC_ALL: 'C' } });
  return result.code === 0 ? parseAptPolicy(result.stdout, names) : undefined;
}

/** `apt-get install NAMES` when the repositories offer every one of them, else undefined: a command that would fail is never suggested. */
export function aptInstall(offers: PackageOffers | undefined, names: readonly string[], flags = ''): string | undefined {
  if (offers === undefined || !names.every((name) => offers[name] === true)) return undefined;
  return `apt-get install ${flags}${names.join(' ')}`;
}

/** "a", "a and b", "a, b and c". */
const listed = (names: readonly string[]): string => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** Why `names` cannot be installed from here, for a remedy that then names what works instead. */
export function notOffered(offers: PackageOffers | undefined, names: readonly string[]): string {
  if (offers === undefined) return `${listed(names)} could not be looked up (apt-cache is absent or did not answer)`;
  const missing = names.filter((name) => offers[name] !== true);
  return `${listed(missing)} ${missing.length === 1 ? 'is' : 'are'} not in the configured apt repositories`;
}
