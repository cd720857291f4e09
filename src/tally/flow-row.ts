// A TCP connection as the summary reports it: its four-tuple, counts keyed by it, and one row of the flow view.

/** A TCP connection's two ends, as the probe that saw it first printed them (local first where known). */
export interface FlowKey {
  family?: 4 | 6;
  laddr: string;
  lport: number;
  raddr: string;
  rport: number;
}

export interface Counted<K> {
  key: K;
  count: number;
}

/** One row of the flow view: the events of one connection joined by 4-tuple and time (src/summary/flows.ts). */
export interface FlowRow extends FlowKey {
  /** The owning process: from its session when the retransmit or drop was seen in softirq (pid 0) or without a pid. */
  pid?: number;
  comm?: string;
  first_ts: number;
  last_ts: number;
  retransmits: number;
  /** Of the retransmits, tail loss probes (kind "tlp"). */
  tlp: number;
  drops: number;
  drops_by_reason: Record<string, number>;
  /** Sessions reported on this 4-tuple (a port reused later is a new row). */
  sessions: number;
  duration_ms?: number;
  tx_kb?: number;
  rx_kb?: number;
}
