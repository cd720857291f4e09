// The remedies that install something: the apt command when the package is offered here, else what works without it.
import { aptInstall, notOffered, type PackageOffers } from './packages.js';

/** `install WHAT: apt-get install NAMES` when offered, else why not and `otherwise`. */
function install(offers: PackageOffers | undefined, what: string, names: readonly string[], otherwise: string, flags = ''): string {
  const command = aptInstall(offers, names, flags);
  return command === undefined ? `${notOffered(offers, names)}; ${otherwise}` : `install ${what}: ${command}`;
}

export const installBpftrace = (offers: PackageOffers | undefined): string =>
  install(offers, 'bpftrace', ['bpftrace'], 'the libbpf and BCC backends need no bpftrace');

export const installBcc = (offers: PackageOffers | undefined): string =>
  install(offers, 'the BCC tools', ['bpfcc-tools', 'python3-bpfcc'], 'the libbpf and bpftrace backends need no BCC');

export const installLibbpfTools = (offers: PackageOffers | undefined): string =>
  install(offers, 'libbpf-tools', ['libbpf-tools'], 'the bpftrace and BCC backends need no libbpf-tools');

export const installClang = (offers: PackageOffers | undefined): string =>
  install(offers, 'clang', ['clang', 'llvm'], "probectl's BCC XDP loader needs no clang", '--no-install-recommends ');

export const installIproute2 = (offers: PackageOffers | undefined): string => install(offers, 'iproute2', ['iproute2'], 'XDP stays untested here');

/** BCC compiles against the running kernel's headers: a custom kernel has none packaged, and then only the other backends help. */
export function installHeaders(offers: PackageOffers | undefined, release: string, otherwise = 'the libbpf and bpftrace backends need none'): string {
  const name = `linux-headers-${release}`;
  const command = aptInstall(offers, [name]);
  if (command !== undefined) return `install this kernel's headers: ${command}`;
  if (offers === undefined) return `${notOffered(offers, [name])}; ${otherwise}`;
  return `no headers for ${release} are packaged in the configured apt repositories; ${otherwise}`;
}

/** What building probectl's libbpf XDP loader needs, and the command that installs it when every package is offered. */
export function buildXdpcountLoader(offers: PackageOffers | undefined): string {
  const names = ['clang', 'llvm', 'libbpf-dev', 'bpftool'];
  const command = aptInstall(offers, names, '--no-install-recommends ');
  return command === undefined
    ? `build it with npm run build:native, which needs clang, libbpf-dev and bpftool (${notOffered(offers, names)}); the bcc backend loads the XDP counter without them`
    : `build it: ${command}, then npm run build:native`;
}
