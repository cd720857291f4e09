// The newer bpftrace language features generated programs use, by the names HostFacts.bpftrace.features lists.

/**
 * bpftrace 0.20 and newer: tracepoint arguments are a struct, read as `args.field`; `args->field`
 * still works there but is the deprecated form. The scripts are written for 0.17 (`args->`), and
 * the generator rewrites them when the host's bpftrace has this feature.
 */
export const ARGS_STRUCT = 'args-struct';

/** Every feature the generator knows, with how doctor can prove it: a program that compiles only where it exists. */
export const bpftraceFeatureTrials: Record<string, string> = {
  [ARGS_STRUCT]: 'tracepoint:syscalls:sys_enter_openat { @flags = args.flags; }',
};
