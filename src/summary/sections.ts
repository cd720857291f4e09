// The summary report's sections as data: each probe module's, in the registry's order, and the flow view's.
import type { ProbeModule } from '../probes/probe-module.js';
import { probeModules } from '../probes/registry.js';
import type { Section } from '../tally/section.js';
import { flowReportSections, flowSections } from './flow-section.js';
import type { SummaryReport } from './report.js';

const parts = probeModules.flatMap((m: ProbeModule) => (m.summary === undefined ? [] : [m.summary]));

/** The summary's sections: the modules', then the flow view. */
export function summarySections(report: SummaryReport): Section[] {
  return [...parts.flatMap((p) => p.sections(report[p.key])), ...flowSections(report.flows)];
}

/** The runbook reports' sections: the headline ones, the flow view, then the rest. */
export function reportSections(report: SummaryReport): Section[] {
  const modules = parts.flatMap((p) => p.reportSections?.(report[p.key]) ?? []);
  return [...modules.filter((s) => s.headline === true), ...flowReportSections(report.flows), ...modules.filter((s) => s.headline !== true)];
}
