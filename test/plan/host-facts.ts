// HostFacts for plan tests: the lab machine as doctor measured it (tracepoints and BTF, no kprobes, no fentry, no headers, none packaged), changed per test.
import type { Check, HostFacts } from '../../src/host/facts.js';
import { remedyPackages } from '../../src/host/packages.js';

export const yes = (detail = 'works'): Check => ({ ok: true, detail });
export const no = (detail: string, remedy?: string): Check => (remedy === undefined ? { ok: false, detail } : { ok: false, detail, remedy });

export const KERNEL = '6.18.44-fc-v669';

export function labFacts(): HostFacts {
  return {
    kernel: KERNEL,
    root: true,
    capabilities: ['CAP_BPF', 'CAP_PERFMON', 'CAP_SYS_ADMIN', 'CAP_NET_ADMIN'],
    cpus: 2,
    pageBytes: 4096,
    btf: yes('/sys/kernel/btf/vmlinux'),
    tracefs: yes('mounted on /sys/kernel/tracing'),
    debugfs: yes('mounted on /sys/kernel/debug'),
    attach: {
      tracepoint: yes('bpftrace attached tracepoint:syscalls:sys_enter_getpid'),
      kprobe: no('bpftrace could not attach kprobe:do_nanosleep', 'boot a kernel built with CONFIG_KPROBES=y'),
      fentry: no('kfunc/kretfunc not available for your kernel version', 'a security policy forbids fentry programs: use tracepoint-based backends'),
      xdp: yes(),
    },
    bpftrace: { path: '/usr/bin/bpftrace', version: '0.17.0', features: ['json', 'strftime'], check: yes('/usr/bin/bpftrace 0.17.0') },
    bcc: {
      tools: {
        tcpretrans: '/usr/sbin/tcpretrans-bpfcc',
        tcpdrop: '/usr/sbin/tcpdrop-bpfcc',
        tcplife: '/usr/sbin/tcplife-bpfcc',
        opensnoop: '/usr/sbin/opensnoop-bpfcc',
        syscount: '/usr/sbin/syscount-bpfcc',
        execsnoop: '/usr/sbin/execsnoop-bpfcc',
        biolatency: '/usr/sbin/biolatency-bpfcc',
        tcpconnect: '/usr/sbin/tcpconnect-bpfcc',
        tcpconnlat: '/usr/sbin/tcpconnlat-bpfcc',
      },
      headers: 'missing',
      check: no('no kernel headers', `no headers for ${KERNEL} are packaged in the configured apt repositories; the libbpf and bpftrace backends need none`),
    },
    libbpf: {
      tools: {
        tcplife: '/usr/sbin/tcplife',
        opensnoop: '/usr/sbin/opensnoop',
        syscount: '/usr/sbin/syscount',
        execsnoop: '/usr/sbin/execsnoop',
        biolatency: '/usr/sbin/biolatency',
        tcpconnect: '/usr/sbin/tcpconnect',
        tcpconnlat: '/usr/sbin/tcpconnlat',
      },
      check: yes(),
    },
    clang: yes(),
    // Debian's repositories: every tool's package, but no headers for a kernel built elsewhere.
    packages: { ...Object.fromEntries(remedyPackages(KERNEL).map((name) => [name, true])), [`linux-headers-${KERNEL}`]: false },
  };
}

/** A server with kprobes and the headers of its own kernel: everything attaches, BCC compiles truthfully. */
export function fullFacts(): HostFacts {
  const facts = labFacts();
  facts.attach.kprobe = yes('attached kprobe:do_nanosleep');
  facts.attach.fentry = yes('attached kfunc:do_nanosleep');
  facts.bcc.headers = 'match';
  facts.bcc.check = yes('headers for this kernel');
  return facts;
}
