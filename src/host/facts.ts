// What probectl knows about the machine it runs on: measured by doctor, read by planning and list.
import * as z from '../events/zod.js';

/** One thing that works or not here, and if not, what to do about it. */
export const checkSchema = z.strictObject({
  ok: z.boolean(),
  /** What was found (a version, a path, the error a probe load gave). */
  detail: z.string(),
  /** When not ok: the concrete remedy. */
  remedy: z.optional(z.string()),
  /** Set when the check could not be made (not root, a tool it needs is missing): ok is false because nothing was proven. */
  unknown: z.optional(z.literal(true)),
  /** Set when a program the check ran got no answer in time (a busy machine): it says nothing about the host, so such facts are not kept. */
  timedOut: z.optional(z.literal(true)),
});
export type Check = z.infer<typeof checkSchema>;

export const hostFactsSchema = z.strictObject({
  kernel: z.string(),
  root: z.boolean(),
  /** CAP_BPF / CAP_SYS_ADMIN / CAP_PERFMON / CAP_NET_ADMIN / CAP_SYS_RESOURCE in the effective set. */
  capabilities: z.array(z.string()),
  /** CPUs online and the page size: bpftrace opens a perf ring buffer per CPU, which probectl sizes by both (src/plan/ring-pages.ts). */
  cpus: z.optional(z.number().check(z.int(), z.positive())),
  pageBytes: z.optional(z.number().check(z.int(), z.positive())),
  btf: checkSchema,
  tracefs: checkSchema,
  debugfs: checkSchema,
  /** Found by loading a tiny program of each kind, not by reading kernel config. */
  attach: z.strictObject({ tracepoint: checkSchema, kprobe: checkSchema, fentry: checkSchema, xdp: checkSchema }),
  bpftrace: z.strictObject({
    path: z.optional(z.string()),
    version: z.optional(z.string()),
    /** Features the generated programs may use, by name (e.g. "kfunc", "json", "strftime"). */
    features: z.array(z.string()),
    check: checkSchema,
  }),
  bcc: z.strictObject({
    /** Tool name → executable path, for the tools probectl drives. */
    tools: z.record(z.string(), z.string()),
    /** Kernel headers at /lib/modules/$(uname -r)/build: missing, matching, or from another kernel. */
    headers: z.enum(['missing', 'match', 'mismatch']),
    check: checkSchema,
  }),
  libbpf: z.strictObject({ tools: z.record(z.string(), z.string()), check: checkSchema }),
  clang: checkSchema,
  /**
   * The packages remedies name (remedyPackages) → whether the configured apt repositories offer them. Absent
   * where apt-cache is not: a remedy then names no install command.
   */
  packages: z.optional(z.record(z.string(), z.boolean())),
});
export type HostFacts = z.infer<typeof hostFactsSchema>;
