// What several probes' capture cases share: notes on this machine's limits, and the lossy lab transfer.
import { lossyTcp } from '../workloads/index.js';

export const STALE_HEADERS =
  'Kernel headers 6.1 (linux-headers-amd64) linked as /lib/modules/$(uname -r)/{build,source} behind kernel 6.18 for this capture only';
export const NO_HEADERS =
  'No kernel headers for this kernel (none installed at /lib/modules/$(uname -r)): BCC cannot compile the tool; its error output is the recording.';
export const NO_KPROBES = 'This kernel has no kprobes (CONFIG_KPROBES off): the tool fails to attach; its error output is the recording.';

/** One TCP transfer through the lab with 5 % loss (the case needs the lossyNetwork fixture), for the probes that see retransmits and drops. */
export const lossyTransfer = { workload: lossyTcp, durationMs: 1000 };
