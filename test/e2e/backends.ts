// The backends an end-to-end test must cover: every one `probectl list` marks available and trusted on this host, measured at test time.
import type { HostFacts } from '../../src/host/facts.js';
import { measureHostFacts } from '../../src/host/measure.js';
import { hostToolNames } from '../../src/probes/probe-list.js';
import type { BackendName } from '../../src/plan/catalog.js';
import type { FilterName, Filters } from '../../src/plan/filters.js';
import { listProbes } from '../../src/run/listing.js';

export interface TestedBackend {
  backend: BackendName;
  /** The filters this backend honours (as `probectl list` prints them). */
  filters: FilterName[];
}

let measured: Promise<HostFacts> | undefined;

/** This host's facts, measured once per test file (as doctor and run() measure them). */
export const hostFacts = (): Promise<HostFacts> => (measured ??= measureHostFacts({ tools: hostToolNames }));

/** Every backend of the probe that runs here truthfully; an error when there is none (nothing to test is a failure). */
export async function backendsToTest(probe: string): Promise<TestedBackend[]> {
  const listing = listProbes(await hostFacts()).find((l) => l.probe === probe);
  if (listing === undefined) throw new Error(`probectl list has no probe ${probe}`);
  const usable = listing.backends.filter((b) => b.available && b.trusted).map((b) => ({ backend: b.backend, filters: b.filters as FilterName[] }));
  if (usable.length === 0) throw new Error(`no backend of ${probe} is available and trusted here: ${JSON.stringify(listing.backends)}`);
  return usable;
}

/**
 * The runs that cover both ends of the lab's connections on port with this backend's own filters: one run with
 * --port where it has it; else one with --lport (the server's ends) and one with --rport (the clients' ends); else
 * one unfiltered run, which the test narrows down itself.
 */
export function portFilterSets(backend: TestedBackend, port: number): Filters[] {
  if (backend.filters.includes('port')) return [{ port }];
  if (backend.filters.includes('lport') && backend.filters.includes('rport')) return [{ lport: port }, { rport: port }];
  return [{}];
}
