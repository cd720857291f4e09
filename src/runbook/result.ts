// What a runbook run found: each assertion's verdict with its measured value and evidence, the probes, the summary.
import type { HostRow } from '../fleet/hosts-table.js';
import type { SummaryReport } from '../summary/report.js';
import type { FlameGraphData } from './flame-graphs.js';
import type { Comparison, Grouping, Measure } from './schema.js';

export type KeyParts = Record<string, string | number | null>;

/** One key of a split assertion (`by: pid`): its value, and the connections behind it where it has any. */
export interface KeyResult {
  key: KeyParts;
  /** The key's process name where the key is a pid (from its events, or the connection's owner). */
  comm?: string;
  value: number;
  events: number;
  flows?: string[];
  /** The alert or message for this key, when it breached and the assertion has one. */
  message?: string;
}

/** One host's verdict on a `per: host` assertion. */
export interface HostAssertionResult {
  host: string;
  /** False for a host that did not run: nothing of it was observed, and it neither holds nor breaches. */
  observed: boolean;
  passed: boolean;
  value: number | null;
  matched: number;
  /** Its conditions, where a label of the host made them differ from the assertion's. */
  where?: string;
  breaches: KeyResult[];
  more_breaches: number;
  messages: string[];
  evidence: AssertionResult['evidence'];
  note?: string;
}

export interface AssertionResult {
  name: string;
  severity: 'check' | 'alert';
  measure: Measure;
  type: string;
  /** The conditions, as text (`reason = NETFILTER_DROP`). */
  where: string;
  by?: string[];
  /** `host`: checked on each host apart (each one's verdict under `hosts`); the breaches' keys then name the host. */
  per?: Grouping;
  hosts?: HostAssertionResult[];
  comparison: Comparison;
  threshold: number;
  passed: boolean;
  /** The measured value: the total, the rate, the share; for a split assertion the worst key's. Null when it cannot be measured. */
  value: number | null;
  unit: string;
  /** Events that matched the assertion's type and conditions. */
  matched: number;
  /** Keys that broke the comparison (all of them up to 50; more_breaches counts the rest). */
  breaches: KeyResult[];
  more_breaches: number;
  /** Printed for this result: one line per breaching key, or one for a breached total. */
  messages: string[];
  evidence: {
    /** The busiest connections behind the value. */
    flows?: Array<{ flow: string; amount: number }>;
    /** The largest keys of a split assertion. */
    keys?: KeyResult[];
    /** A share's part and total. */
    share?: { part: number; total: number };
    /** The first few events that matched, without their envelope. */
    events?: Array<Record<string, unknown>>;
  };
  /** Why the value is missing or what it leaves out. */
  note?: string;
}

export interface PreflightResult {
  /** The host it was checked on, in a run over hosts. */
  host?: string;
  check: string;
  ok: boolean;
  detail: string;
  remedy?: string;
}

export interface RunbookResult {
  runbook: { name: string; file: string; description?: string; parameters: Record<string, string | number | null> };
  mode: 'live' | 'replay';
  /** The recording directory a replay read. */
  replay?: string;
  /** Epoch ms of the observation window, and its length in seconds: rates are per second of it. */
  window: { start: number; end: number; seconds: number };
  preflight: { skipped?: string; checks: PreflightResult[] };
  assertions: AssertionResult[];
  passed: boolean;
  breached: number;
  /** A run over hosts (--hosts, --inventory): how many ran, and each host's line of the hosts table. */
  hosts?: {
    ran: number;
    total: number;
    rows: HostRow[];
    /** The parameters an inventory label gave a host, by host (only those that differ from the runbook's). */
    parameters?: Record<string, Record<string, string | number | null>>;
  };
  /** Probes that failed: the run could not observe what the runbook asks. */
  failed_probes: string[];
  summary: SummaryReport;
  /** The stacks the HTML report draws as flame graphs: CPU samples (profile.stack), memory still held (memory.outstanding); empty without them. */
  flame_graphs: FlameGraphData[];
}
