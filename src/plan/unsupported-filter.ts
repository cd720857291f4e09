// The error for a filter a backend cannot honour: which filter, which tool, and which backends can.
import { ProbectlError } from '../core/errors.js';
import type { FilterName } from './filters.js';

// What the error reads of a probe and its backends: a catalog ProbeDefinition and BackendDefinition fit
// (named here, not imported, so that this file and the catalog that calls it do not import each other).
interface FilteringBackend {
  backend: string;
  tool: string;
  filters: readonly FilterName[];
}
interface FilteringProbe {
  name: string;
  backends: readonly FilteringBackend[];
  filterNotes?: Partial<Record<FilterName, string>>;
}

export function unsupportedFilter(probe: FilteringProbe, backend: FilteringBackend, filter: FilterName): ProbectlError {
  const able = probe.backends.filter((b) => b.filters.includes(filter));
  const message = `${probe.name} on the ${backend.backend} backend (${backend.tool}) cannot filter by --${filter}.`;
  if (able.length > 0) {
    const names = able.map((b) => `${b.backend} (${b.tool})`).join(', ');
    return new ProbectlError(
      'UNSUPPORTED_FILTER',
      message,
      `The backends of ${probe.name} that can: ${names}; choose one with --backend ${able[0]!.backend}, or leave out --${filter}.`,
    );
  }
  const why = probe.filterNotes?.[filter];
  return new ProbectlError('UNSUPPORTED_FILTER', message, `No backend of ${probe.name} filters by --${filter}${why ? `: ${why}` : ''}. Leave it out.`);
}

/** Throws for the first given filter the backend cannot honour. */
export function refuseUnsupported(probe: FilteringProbe, backend: FilteringBackend, given: readonly FilterName[]): void {
  const missing = given.find((f) => !backend.filters.includes(f));
  if (missing !== undefined) throw unsupportedFilter(probe, backend, missing);
}
