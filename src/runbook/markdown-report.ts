// The report in Markdown: the HTML report's content as tables, sparklines of events per type instead of the chart.
import type { ProbeModule } from '../probes/probe-module.js';
import { reportSections } from '../summary/sections.js';
import { hasShape, sparkline, squeeze } from '../summary/sparkline.js';
import { bytes, count, utc } from '../tally/units.js';
import { levelCount, plural } from '../core/plural.js';
import { escapeMarkdown as md } from './escape.js';
import { HOST_COLUMNS, hostCells } from '../fleet/hosts-table.js';
import {
  hostParametersText,
  hostsRanText,
  hostVerdictLines,
  keyText,
  measureText,
  num,
  requirementText,
  runVerdictText,
  valueText,
  verdictText,
} from './format.js';
import { markdownTable, sectionMarkdown } from './markdown-section.js';
import type { AssertionResult, RunbookResult } from './result.js';

function evidence(a: AssertionResult): string {
  const parts: string[] = [...a.messages.map((m) => `**${md(m)}**`)];
  if (a.hosts !== undefined) parts.push(`per host: ${hostVerdictLines(a).map(md).join('; ')}`);
  if (a.breaches.length > 0)
    parts.push(
      `breaching: ${a.breaches.map((k) => `${md(keyText(k))}: ${md(valueText(a, k.value))}${k.flows ? ` (${md(k.flows.join(', '))})` : ''}`).join('; ')}${a.more_breaches > 0 ? `; and ${a.more_breaches} more` : ''}`,
    );
  else if (a.evidence.keys !== undefined && a.evidence.keys.length > 0)
    parts.push(`largest keys: ${a.evidence.keys.map((k) => `${md(keyText(k))}: ${md(valueText(a, k.value))}`).join('; ')}`);
  if (a.evidence.share !== undefined) parts.push(`part ${num(a.evidence.share.part)} of ${num(a.evidence.share.total)}`);
  if (a.evidence.flows !== undefined && a.by === undefined) parts.push(`flows: ${a.evidence.flows.map((f) => `${md(f.flow)}: ${num(f.amount)}`).join(', ')}`);
  if (a.evidence.events !== undefined) parts.push(`first events: ${a.evidence.events.map((e) => md(JSON.stringify(e))).join(' ')}`);
  if (a.note !== undefined) parts.push(`note: ${md(a.note)}`);
  return parts.join('<br>');
}

/** modules: whose sections are shown (default: the registry's). */
export function renderMarkdown(r: RunbookResult, modules?: readonly ProbeModule[]): string {
  const s = r.summary;
  const verdict = runVerdictText(r);
  const params =
    Object.entries(r.runbook.parameters)
      .map(([k, v]) => `${k}=${v ?? '(not set)'}`)
      .join(', ') || 'none';
  const out: string[] = [`# Runbook ${md(r.runbook.name)}: ${verdict}`, ''];
  if (r.runbook.description !== undefined) out.push(md(r.runbook.description), '');
  out.push(
    ...markdownTable(
      ['', ''],
      [
        ['runbook file', md(r.runbook.file)],
        ['run', md(r.mode === 'replay' ? `rehearsal on the recordings in ${r.replay}` : 'live')],
        ...(r.hosts !== undefined ? [['hosts', md(hostsRanText(r.hosts))]] : []),
        ...(hostParametersText(r) !== '' ? [["parameters from the hosts' labels", md(hostParametersText(r))]] : []),
        ['observed', `${num(r.window.seconds)} s, ${utc(r.window.start)} to ${utc(r.window.end)}`],
        ['parameters', md(params)],
        ['result', `${r.breached} of ${plural(r.assertions.length, 'assertion')} breached`],
      ],
    ),
  );
  out.push(
    '## Assertions',
    '',
    ...markdownTable(
      ['verdict', 'assertion', 'measured', 'requirement', 'matching events', 'evidence'],
      r.assertions.map((a) => [
        verdictText(a),
        `**${md(a.name)}**<br>${md(measureText(a))}`,
        md(valueText(a)),
        md(requirementText(a)),
        count(a.matched),
        evidence(a),
      ]),
    ),
  );

  if (r.hosts !== undefined)
    out.push(
      '## Hosts',
      '',
      `${md(hostsRanText(r.hosts))}.`,
      '',
      ...markdownTable(
        HOST_COLUMNS.map((c) => c.toLowerCase()),
        r.hosts.rows.map((row) => hostCells(row).map(md)),
      ),
    );
  out.push(
    '## Events',
    '',
    `${plural(s.events.total, 'event', 'events', count)}${r.window.seconds > 0 ? ` (${num(s.events.total / r.window.seconds)} events/s over the window)` : ''}.`,
    '',
  );
  const seriesRows = Object.entries(s.series.by_type)
    .filter(([, c]) => c.some((n) => n > 0))
    .map(([type, counts]) => {
      const squeezed = squeeze(counts, 60);
      return [md(type), count(s.events.by_type[type] ?? 0), count(Math.max(...counts)), hasShape(squeezed.counts) ? `\`${sparkline(squeezed.counts)}\`` : ''];
    });
  out.push(...markdownTable(['type', 'events', `peak per ${s.series.bucket_s} s`, `over time, from ${utc(s.series.start_ts)}`], seriesRows));

  const { headline, flows, rest } = reportSections(s, modules);
  for (const section of [...headline, ...flows, ...rest]) out.push(...sectionMarkdown(section));
  for (const g of r.flame_graphs)
    out.push(
      `## Flame graph of the ${g.kind === 'cpu' ? 'CPU samples' : 'memory still held'}`,
      '',
      `Drawn in the HTML report of the same run (\`--report FILE.html\`): ${g.kind === 'cpu' ? plural(g.total, 'sample', 'samples', count) : md(bytes(g.total))} over ${plural(g.stacks.length, 'stack', 'stacks', count)}. The stacks ${g.kind === 'cpu' ? 'sampled' : 'holding'} the most are in the table above.`,
      '',
    );

  out.push(
    '## Probes',
    '',
    ...markdownTable(
      ['probe', 'backend', 'state', 'message'],
      s.probes.map((p) => [md(p.probe), md(p.backend ?? '-'), md(p.state), md(p.message ?? '')]),
    ),
  );
  const levels =
    Object.entries(s.diagnostics.by_level)
      .map(([k, n]) => levelCount(n, k, count))
      .join(', ') || 'none';
  out.push(
    '## Completeness of the data',
    '',
    s.complete
      ? '**Complete**: no probe reported lost events or failed, and every line was parsed.'
      : '**Incomplete**: some of what happened may be missing from the numbers above.',
    '',
  );
  out.push(
    ...markdownTable(
      ['', ''],
      [
        ['events the tools reported lost', `${count(s.lost.events)} in ${plural(s.lost.reports, 'report', 'reports', count)}`],
        ['diagnostics', md(levels)],
        ['probes that failed', md(r.failed_probes.join('; ') || 'none')],
        ['bounded lists that overflowed', md(s.approximate.join(', ') || 'none')],
      ],
    ),
  );
  out.push(
    '## Preflight',
    '',
    ...(r.preflight.skipped !== undefined
      ? [`Skipped: ${md(r.preflight.skipped)}.`, '']
      : markdownTable(
          ['check', 'result', 'detail'],
          r.preflight.checks.map((c) => [md(c.host === undefined ? c.check : `${c.check} on ${c.host}`), c.ok ? 'ok' : '**failed**', md(c.detail)]),
        )),
  );
  return out.join('\n');
}
