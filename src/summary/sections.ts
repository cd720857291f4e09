// The summary report's sections as data: each probe module's, in the registry's order, then the flow view's.
import type { ProbeModule } from '../probes/probe-module.js';
import { probeModules } from '../probes/registry.js';
import type { Section } from '../tally/section.js';
import { flowSections } from './flow-section.js';
import type { SummaryReport } from './report.js';

export function summarySections(report: SummaryReport): Section[] {
  return [
    ...probeModules.flatMap((m: ProbeModule) => (m.summary === undefined ? [] : m.summary.sections(report[m.summary.key]))),
    ...flowSections(report.flows),
  ];
}
