// The summary of a stream of events as plain data: what `--format summary` prints, `summarize --json` writes,
// metrics and runbook reports read. Every list is bounded (top N, the rest folded into `other`).

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

/** Events of one type per time bucket, for sparklines and the report's chart. */
export interface Series {
  /** Epoch ms of the first bucket's start. */
  start_ts: number;
  /** Width of a bucket in seconds (1, doubled whenever the stream outgrows the bucket limit). */
  bucket_s: number;
  by_type: Record<string, number[]>;
}

/** One row of the flow view: tcpretrans, tcpdrop and tcplife events of one connection joined by 4-tuple and time. */
export interface FlowRow extends FlowKey {
  /** The owning process: from tcplife when the retransmit or drop was seen in softirq (pid 0) or without a pid. */
  pid?: number;
  comm?: string;
  first_ts: number;
  last_ts: number;
  retransmits: number;
  /** Of the retransmits, tail loss probes (kind "tlp"). */
  tlp: number;
  drops: number;
  drops_by_reason: Record<string, number>;
  /** Sessions tcplife reported on this 4-tuple (a port reused later is a new row). */
  sessions: number;
  duration_ms?: number;
  tx_kb?: number;
  rx_kb?: number;
}

export interface SummaryReport {
  events: { total: number; by_type: Record<string, number>; first_ts?: number; last_ts?: number };
  series: Series;
  /** `total` counts tcp.retransmit events plus the kernel's counts from tcpretrans -c rows (`counted`, also part of the flows). */
  retransmits: { total: number; tlp: number; counted: number; top_flows: Counted<FlowKey>[]; other_flows: number };
  /** Flows keyed by the drop's source and destination columns as printed (`laddr` = the source column). */
  drops: { total: number; by_reason: Counted<string>[]; other_reasons: number; top_flows: Counted<FlowKey>[]; other_flows: number };
  sessions: {
    total: number;
    tx_kb: number;
    rx_kb: number;
    /** Duration percentiles in ms over every session (bounded sketch: exact up to its capacity). */
    duration_ms: { p50?: number; p90?: number; p99?: number; max?: number };
    /** Longest and biggest sessions, top N each. */
    longest: FlowRow[];
    biggest: FlowRow[];
  };
  opens: {
    total: number;
    failed: number;
    by_process: Array<{ pid?: number; comm?: string; opens: number; failed: number; errnos: Record<string, number> }>;
    other_processes: { opens: number; failed: number };
    top_failing_paths: Counted<string>[];
    other_failing_paths: number;
  };
  /** Rates are the totals over `covered_ms`, the union of the interface's reporting intervals. */
  xdp: Array<{ iface: string; proto: string; packets: number; bytes: number; covered_ms: number; pps: number; bps: number }>;
  flows: FlowRow[];
  lost: { reports: number; events: number; by_probe: Record<string, number> };
  /** truncated: lines longer than the bound, of which only the start was kept. */
  diagnostics: { by_level: Record<string, number>; truncated: number; samples: Array<{ probe: string; level: string; message: string }> };
  probes: Array<{ probe: string; backend?: string; state: string; message?: string }>;
  /** True when no probe reported a loss or failed, nothing was left unparsed and no line was cut short. */
  complete: boolean;
  /** Parts whose bounded tallies overflowed: their listed counts are lower bounds, the rest is in their `other`. */
  approximate: string[];
}
