// What `probectl list` reports: every probe, each backend's availability here and why, and auto's pick.
import type { HostFacts } from '../host/facts.js';
import { autoBackend, backendStatuses, type BackendName, type BackendStatus, type ProbeDefinition } from '../plan/catalog.js';
import { probeDefinitions } from '../probes/probe-list.js';

export interface ProbeListing {
  probe: string;
  description: string;
  /** The backend `--backend auto` runs, or null when none runs here truthfully. */
  auto: BackendName | null;
  backends: (BackendStatus & { filters: string[] })[];
}

export function listProbes(facts: HostFacts, definitions: readonly ProbeDefinition[] = probeDefinitions): ProbeListing[] {
  return definitions.map((probe) => {
    const statuses = backendStatuses(probe, facts);
    return {
      probe: probe.name,
      description: probe.description,
      auto: autoBackend(probe, facts)?.backend ?? null,
      backends: statuses.map((status, i) => ({ ...status, filters: [...probe.backends[i]!.filters] })),
    };
  });
}

/** The human form: one block per probe, one line per backend. */
export function formatListing(listings: ProbeListing[]): string {
  let out = '';
  for (const l of listings) {
    out += `${l.probe}: ${l.description}\n  auto picks: ${l.auto ?? 'nothing — no backend runs here truthfully'}\n`;
    for (const b of l.backends) {
      const state = !b.available ? 'unavailable' : b.trusted ? 'available' : 'runs, numbers not trusted';
      out += `  ${b.backend.padEnd(9)} ${state}${b.reason ? `: ${b.reason}` : ''}\n`;
      if (b.remedy) out += `  ${''.padEnd(9)} → ${b.remedy}\n`;
      out += `  ${''.padEnd(9)} filters: ${b.filters.length > 0 ? b.filters.map((f) => '--' + f).join(' ') : 'none'}\n`;
    }
  }
  return out;
}
