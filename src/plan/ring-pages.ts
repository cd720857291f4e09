// How large bpftrace's perf ring buffers are: large enough that a burst of events waits in the kernel instead of being lost.
//
// bpftrace sends each printf through a perf ring buffer per CPU, 64 pages by default (256 KiB with 4 KiB pages), and
// drops what does not fit while it formats earlier events: at 40,000 opens a second, one of its cores is busy doing
// just that. A program that prints a line per event gets up to 1,024 pages per CPU, within RING_BUDGET_BYTES over all
// its CPUs (docs/performance.md, "bpftrace's ring buffers sized to the host").
import type { HostFacts } from '../host/facts.js';

/** bpftrace's own size, pages per CPU: never less. */
export const BPFTRACE_RING_PAGES = 64;
/** The most per CPU: 4 MiB with 4 KiB pages. */
export const MAX_RING_PAGES = 1024;
/** The most one program's ring buffers take over every CPU, where bpftrace's own size leaves room for more. */
export const RING_BUDGET_BYTES = 16 * 2 ** 20;

/** Pages per CPU (a power of two, as bpftrace requires): the most that fits the budget, from bpftrace's own size to MAX_RING_PAGES. */
export function ringPages(cpus: number, pageBytes: number): number {
  const fits = RING_BUDGET_BYTES / pageBytes / cpus;
  let pages = BPFTRACE_RING_PAGES;
  while (pages * 2 <= Math.min(fits, MAX_RING_PAGES)) pages *= 2;
  return pages;
}

/** The environment that sets it (BPFTRACE_PERF_RB_PAGES); none where the host's CPUs or page size are not known. */
export function ringPagesEnv(facts: HostFacts): Record<string, string> {
  if (facts.cpus === undefined || facts.pageBytes === undefined) return {};
  return { BPFTRACE_PERF_RB_PAGES: String(ringPages(facts.cpus, facts.pageBytes)) };
}
