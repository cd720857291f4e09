// What `probectl watch` writes when an assertion breaks for a host and key (runbook.alert), and when it holds again (runbook.resolve).
import type { Comparison } from './schema.js';
import type { KeyParts } from './result.js';

export const alertTypes = ['runbook.alert', 'runbook.resolve'] as const;

export interface AlertEvent {
  type: (typeof alertTypes)[number];
  /** The host's time (ms) when it was decided: its events' clock, not this machine's. */
  ts: number;
  host: string;
  runbook: string;
  assertion: string;
  severity: 'check' | 'alert';
  /** The breaching key (`{pid: 1725}`); empty for an assertion that is not split. */
  key: KeyParts;
  comm?: string;
  /** The key's value over the window when decided, against the threshold. */
  value: number | null;
  comparison: Comparison;
  threshold: number;
  unit: string;
  /** The runbook's message for the breach, host filled in. */
  message?: string;
  window_s: number;
  /** A resolve: when the alert it ends was raised (the host's time). */
  since?: number;
}
