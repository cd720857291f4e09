// The summary report as text for a person: a few tables, sparklines of activity, and whether the picture is complete.
import { knownMessage, knownText } from '../core/diagnostics.js';
import type { SummaryReport } from './report.js';
import { sectionLines } from './render-section.js';
import { styleFor, type Style } from './render-style.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { summarySections } from './sections.js';
import { hasShape, sparkline, squeeze } from './sparkline.js';
import { cut, textTable } from './text-table.js';
import { levelCount } from '../core/plural.js';
import { count, duration, plural, utc } from '../tally/units.js';

export interface RenderOptions {
  /** The probe modules whose sections are shown (default: the registry's). */
  modules?: readonly ProbeModule[];
  /** chalk's colour level: 0 (none) unless the output is a terminal; see colorLevel(). */
  level?: 0 | 1 | 2 | 3;
  /** Columns the sparklines may use (default 60). */
  width?: number;
}

function header(r: SummaryReport, s: Style): string[] {
  const types = Object.entries(r.events.by_type)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${count(n)} ${type}`);
  const span = r.events.first_ts === undefined ? '' : ` from ${utc(r.events.first_ts)} over ${duration(r.events.last_ts! - r.events.first_ts)}`;
  return [s.title(`probectl summary: ${plural(r.events.total, 'event')}`) + span, `  ${types.join(', ')}`];
}

function activity(r: SummaryReport, s: Style, width: number): string[] {
  const rows = Object.entries(r.series.by_type)
    .map(([type, counts]) => ({ type, ...squeeze(counts, width) }))
    .filter((row) => hasShape(row.counts));
  if (rows.length === 0) return [];
  const seconds = r.series.bucket_s * rows[0]!.factor;
  const table = textTable(
    [{ title: 'TYPE' }, { title: 'PEAK', right: true }, { title: `EVENTS PER ${seconds} S, FROM ${utc(r.series.start_ts)}` }],
    rows.map((row) => [row.type, count(Math.max(...row.counts)), `│${sparkline(row.counts)}│`]),
    s.heading,
  );
  return [s.title('Activity'), ...table];
}

function probeSection(probes: SummaryReport['probes'], s: Style): string[] {
  if (probes.length === 0) return [];
  const table = textTable(
    [{ title: 'PROBE' }, { title: 'BACKEND' }, { title: 'STATE' }, { title: 'LAST MESSAGE', max: 100 }],
    probes.map((p) => [p.probe, p.backend ?? '-', p.state, p.message ?? '']),
    s.heading,
  );
  // Colour after padding, so that escape codes do not count as width.
  return [s.title('Probes'), ...table.map((line, i) => (i > 0 && probes[i - 1]!.state === 'failed' ? s.bad(line) : line))];
}

function lostSection(l: SummaryReport['lost'], s: Style): string[] {
  if (l.reports === 0) return [];
  const byProbe = Object.entries(l.by_probe)
    .map(([probe, n]) => `${probe} ${count(n)}`)
    .join(', ');
  return [s.title('Lost events: ') + s.bad(`${count(l.events)} in ${plural(l.reports, 'report')}`) + ` (${byProbe})`];
}

function diagnosticSection(d: SummaryReport['diagnostics'], s: Style): string[] {
  const levels = Object.entries(d.by_level);
  if (levels.length === 0) return [];
  const lines = [s.title('Diagnostics: ') + levels.map(([level, n]) => levelCount(n, level, count)).join(', ')];
  const shownKnown = new Set<string>();
  for (const sample of d.samples) {
    const known = sample.level === 'info' ? knownMessage(sample.message) : undefined;
    if (known === undefined) {
      lines.push(`  ${sample.level === 'error' ? s.bad(sample.level) : s.warn(sample.level)} ${sample.probe}: ${cut(sample.message, 120)}`);
      continue;
    }
    // A known harmless line, once per probe, as what it means rather than as it was printed.
    if (shownKnown.has(sample.probe + '\n' + known.label)) continue;
    shownKnown.add(sample.probe + '\n' + known.label);
    lines.push(`  ${s.dim(sample.level)} ${sample.probe}: ${knownText(known)}`);
  }
  for (const [level, n] of levels) {
    const unshown = n - d.samples.filter((sample) => sample.level === level).length;
    if (unshown > 0) lines.push(s.dim(`  … and ${levelCount(unshown, level, count).replace(/^(\S+) /, '$1 more ')}`));
  }
  return lines;
}

/** Why the picture is or is not complete, in one line. */
function verdict(r: SummaryReport, s: Style): string {
  if (r.complete) return s.good('Complete: ') + 'no events lost, no probe failed, every line parsed.';
  const reasons: string[] = [];
  if (r.lost.reports > 0) reasons.push(`${Object.keys(r.lost.by_probe).join(', ') || 'the tools'} lost ${plural(r.lost.events, 'event')}`);
  const failed = r.probes.filter((p) => p.state === 'failed').map((p) => p.probe);
  if (failed.length > 0) reasons.push(`${failed.join(', ')} failed`);
  const unparsed = r.diagnostics.by_level.unparsed ?? 0;
  if (unparsed > 0) reasons.push(`${plural(unparsed, 'line')} not parsed`);
  if (r.diagnostics.truncated > 0) reasons.push(`${plural(r.diagnostics.truncated, 'line')} cut at the length bound`);
  return s.bad('Incomplete: ') + (reasons.length > 0 ? reasons.join('; ') : 'a probe failed') + '.';
}

export function renderSummary(report: SummaryReport, options: RenderOptions = {}): string {
  if (report.events.total === 0) return 'probectl summary: no events\n';
  const s = styleFor(options.level ?? 0);
  const sections = [
    header(report, s),
    activity(report, s, options.width ?? 60),
    ...summarySections(report, options.modules).map((section) => sectionLines(section, s)),
    probeSection(report.probes, s),
    lostSection(report.lost, s),
    diagnosticSection(report.diagnostics, s),
    report.approximate.length > 0
      ? [s.warn('Bounded: ') + `${report.approximate.join(', ')} outgrew their tallies; their counts are lower bounds, the rest is under "other".`]
      : [],
    [verdict(report, s)],
  ];
  return (
    sections
      .filter((lines) => lines.length > 0)
      .map((lines) => lines.join('\n'))
      .join('\n\n') + '\n'
  );
}
