// Why the kernel refuses fentry programs, said from what was measured (BTF, the kernel's config, tracefs), and what works instead.
import type { KernelConfig } from './kernel-config.js';

/** What fentry (a BPF trampoline on a kernel function) is built on. */
const NEEDED = ['CONFIG_DEBUG_INFO_BTF', 'CONFIG_FUNCTION_TRACER', 'CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS'] as const;

export interface FentryEvidence {
  /** /sys/kernel/btf/vmlinux is there. */
  btf: boolean;
  /** The running kernel's config, when readable. */
  config?: KernelConfig;
  /** Reading <tracefs>/available_filter_functions as root was refused (EPERM/EACCES): function tracing is locked. */
  filterFunctionsDenied: boolean;
}

const failing = 'BCC tools and .bt scripts that prefer fentry (kfunc) fail here';
const instead = 'use tracepoint-based backends (--backend auto picks them)';

export function fentryRemedy(evidence: FentryEvidence): string {
  const { config } = evidence;
  const missing = NEEDED.filter((option) => (option === 'CONFIG_DEBUG_INFO_BTF' ? !evidence.btf : config !== undefined && config.get(option) !== 'y'));
  if (missing.length > 0)
    return `this kernel is built without ${missing.join(', ')}, which fentry needs: ${failing}; ${instead}, or boot a kernel built with ${missing.join(', ')}`;
  const denied = evidence.filterFunctionsDenied ? ' (and root may not read available_filter_functions)' : '';
  if (config === undefined)
    return `this kernel has BTF but refuses fentry programs${denied}: either it lacks CONFIG_FUNCTION_TRACER or CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS (its config could not be read to tell) or a security policy forbids them; ${failing}: ${instead}`;
  return `this kernel has BTF, CONFIG_FUNCTION_TRACER and CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, yet refuses fentry programs${denied}: a security policy (lockdown or an LSM) forbids them, which no package changes; ${failing}: ${instead}`;
}
