// The summary of a stream of events as plain data: what `--format summary` prints, `summarize --json` writes,
// metrics and runbook reports read. Every list is bounded (top N, the rest folded into `other`).
import type { FlowRow } from '../tally/flow-row.js';
import type { SummaryReports } from '../tally/summary-part.js';

export type { Counted, FlowKey, FlowRow } from '../tally/flow-row.js';

/** Events of one type per time bucket, for sparklines and the report's chart. */
export interface Series {
  /** Epoch ms of the first bucket's start. */
  start_ts: number;
  /** Width of a bucket in seconds (1, doubled whenever the stream outgrows the bucket limit). */
  bucket_s: number;
  by_type: Record<string, number[]>;
}

/** The summary's own parts; each probe module's part (src/probes/<name>/summary.ts) adds its own under its key. */
export interface CoreReport {
  events: { total: number; by_type: Record<string, number>; first_ts?: number; last_ts?: number };
  series: Series;
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

export type SummaryReport = CoreReport & SummaryReports;
