// The probes' own options (--iface, --interval, ...) taken apart from the command's own, for run and fleet run.
import { probeOptionKeys } from '../run/probe-options.js';

/** The options the probes declare (--iface, ...), apart from the run's own. */
export function splitProbeOptions(raw: unknown): { probeOptions: Record<string, unknown>; rest: Record<string, unknown> } {
  const keys = new Set(probeOptionKeys());
  const probeOptions: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (keys.has(key)) probeOptions[key] = value;
    else rest[key] = value;
  }
  return { probeOptions, rest };
}
