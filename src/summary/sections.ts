// The summary report's sections as data: each probe module's, in the registry's order, and the flow view's.
import type { ProbeModule } from '../probes/probe-module.js';
import { probeModules } from '../probes/registry.js';
import type { Section } from '../tally/section.js';
import { flowReportSections, flowSections } from './flow-section.js';
import type { SummaryReport } from './report.js';

const partsOf = (modules: readonly ProbeModule[]) => modules.flatMap((m) => (m.summary === undefined ? [] : [m.summary]));

/** The summary's sections: the modules' (of the registry, unless given), then the flow view. */
export function summarySections(report: SummaryReport, modules: readonly ProbeModule[] = probeModules): Section[] {
  return [...partsOf(modules).flatMap((p) => p.sections(report[p.key])), ...flowSections(report.flows)];
}

/** The runbook reports' sections in three groups, in this order: the headline ones, the flow view, the rest. */
export function reportSections(
  report: SummaryReport,
  modules: readonly ProbeModule[] = probeModules,
): { headline: Section[]; flows: Section[]; rest: Section[] } {
  const sections = partsOf(modules).flatMap((p) => p.reportSections?.(report[p.key]) ?? []);
  return {
    headline: sections.filter((s) => s.headline === true),
    flows: flowReportSections(report.flows),
    rest: sections.filter((s) => s.headline !== true),
  };
}
