// The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched; every event string escaped.
import type { ProbeModule } from '../probes/probe-module.js';
import { flameGraphSvg } from '../sinks/flamegraph.js';
import { reportSections } from '../summary/sections.js';
import { count, utc } from '../tally/units.js';
import { levelCount, plural } from '../core/plural.js';
import { escapeHtml as esc } from './escape.js';
import { HOST_COLUMNS, hostCells } from '../fleet/hosts-table.js';
import {
  hostParametersText,
  hostsRanText,
  hostVerdictText,
  keyText,
  measureText,
  num,
  requirementText,
  runVerdictText,
  valueText,
  verdictText,
} from './format.js';
import { htmlTable, sectionHtml } from './html-section.js';
import type { FlameGraphData } from './flame-graphs.js';
import type { AssertionResult, RunbookResult } from './result.js';
import { seriesChart } from './svg-chart.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { color: #666; font-weight: 600; font-size: 12px; text-transform: uppercase; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 700; color: #fff; }
.badge.pass { background: #2e7d32; } .badge.fail { background: #c62828; }
tr.fail { background: #fff5f5; } .muted { color: #777; } code, pre { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; }
pre { background: #f6f6f6; padding: 6px; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
ul { margin: 2px 0; padding-left: 18px; } .message { font-weight: 600; color: #b71c1c; }
svg text.tick { font: 11px sans-serif; fill: #666; } svg text.legend { font: 12px sans-serif; fill: #333; }
.flamegraph svg { display: block; max-width: 100%; height: auto; } .flamegraph g.frame:hover rect { stroke: #000; stroke-width: 0.5; }
`;

function evidence(a: AssertionResult): string {
  const parts: string[] = [];
  if (a.messages.length > 0) parts.push(`<ul>${a.messages.map((m) => `<li class="message">${esc(m)}</li>`).join('')}</ul>`);
  if (a.hosts !== undefined)
    parts.push(
      `<div>Per host:</div><ul>${a.hosts
        .map((h) => {
          const verdict = hostVerdictText(a, h);
          const cls = !h.observed ? 'muted' : h.passed ? '' : 'message';
          return `<li data-host="${esc(h.host)}" data-host-passed="${h.observed ? h.passed : ''}" data-host-value="${h.value ?? ''}"><span class="${cls}">${esc(h.host)}: ${esc(verdict)}</span>${h.observed ? ` <b>${esc(valueText(a, h.value))}</b>` : ''}</li>`;
        })
        .join('')}</ul>`,
    );
  if (a.breaches.length > 0)
    parts.push(
      `<div>Breaching:</div><ul>${a.breaches.map((k) => `<li>${esc(keyText(k))}: <b>${esc(valueText(a, k.value))}</b>${k.flows ? ` <span class="muted">${esc(k.flows.join(', '))}</span>` : ''}</li>`).join('')}${a.more_breaches > 0 ? `<li>… and ${a.more_breaches} more</li>` : ''}</ul>`,
    );
  else if (a.evidence.keys !== undefined && a.evidence.keys.length > 0)
    parts.push(`<div>Largest keys:</div><ul>${a.evidence.keys.map((k) => `<li>${esc(keyText(k))}: ${esc(valueText(a, k.value))}</li>`).join('')}</ul>`);
  if (a.evidence.share !== undefined) parts.push(`<div>Part ${esc(num(a.evidence.share.part))} of ${esc(num(a.evidence.share.total))}</div>`);
  if (a.evidence.flows !== undefined && a.by === undefined)
    parts.push(`<div>Flows:</div><ul>${a.evidence.flows.map((f) => `<li>${esc(f.flow)}: ${esc(num(f.amount))}</li>`).join('')}</ul>`);
  if (a.evidence.events !== undefined)
    parts.push(`<details><summary>First matching events</summary>${a.evidence.events.map((e) => `<pre>${esc(JSON.stringify(e))}</pre>`).join('')}</details>`);
  if (a.note !== undefined) parts.push(`<div class="muted">${esc(a.note)}</div>`);
  return parts.join('');
}

function assertionsSection(r: RunbookResult): string {
  const rows = r.assertions.map((a) => {
    const verdict = verdictText(a);
    const cls = a.passed ? 'pass' : 'fail';
    return `<tr class="assertion ${cls}" data-assertion="${esc(a.name)}" data-passed="${a.passed}" data-value="${a.value ?? ''}"><td><span class="badge ${cls}">${verdict}</span></td><td><b>${esc(a.name)}</b><div class="muted">${esc(measureText(a))}</div></td><td class="n">${esc(valueText(a))}</td><td>${esc(requirementText(a))}</td><td class="n" data-matched="${a.matched}">${count(a.matched)}</td><td>${evidence(a)}</td></tr>`;
  });
  return `<h2>Assertions</h2><table><thead><tr><th>Verdict</th><th>Assertion</th><th>Measured</th><th>Requirement</th><th>Matching events</th><th>Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function totalsSection(r: RunbookResult): string {
  const s = r.summary;
  const rows: string[][] = [['all types', `<span data-total="events">${count(s.events.total)}</span>`]];
  for (const [type, n] of Object.entries(s.events.by_type).sort((a, b) => b[1] - a[1]))
    rows.push([`<code>${esc(type)}</code>`, `<span data-total="${esc(type)}">${count(n)}</span>`]);
  const rate = r.window.seconds > 0 ? ` (${num(s.events.total / r.window.seconds)} events/s over the window)` : '';
  return `<h2>Events</h2><p>${plural(s.events.total, 'event', 'events', count)}${esc(rate)}.</p>${htmlTable(['type', 'events'], rows, [1])}<h3>Events per second, per type</h3>${seriesChart(s.series, r.window.seconds > 0 ? r.window : undefined)}`;
}

function runSections(r: RunbookResult): string {
  const s = r.summary;
  const probes = htmlTable(
    ['probe', 'backend', 'state', 'message'],
    s.probes.map((p) => [
      esc(p.probe),
      esc(p.backend ?? '-'),
      `<span class="${p.state === 'failed' ? 'message' : ''}">${esc(p.state)}</span>`,
      esc(p.message ?? ''),
    ]),
  );
  const levels =
    Object.entries(s.diagnostics.by_level)
      .map(([k, n]) => levelCount(n, k, count))
      .join(', ') || 'none';
  const completeness = [
    `<p><span class="badge ${s.complete ? 'pass' : 'fail'}" data-complete="${s.complete}">${s.complete ? 'complete' : 'incomplete'}</span> ${s.complete ? 'No probe reported lost events or failed, and every line was parsed.' : 'Some of what happened may be missing from the numbers above.'}</p>`,
    htmlTable(
      ['', ''],
      [
        ['events the tools reported lost', `<span data-total="lost">${count(s.lost.events)}</span> in ${plural(s.lost.reports, 'report', 'reports', count)}`],
        ['diagnostics', esc(levels)],
        ['probes that failed', esc(r.failed_probes.join('; ') || 'none')],
        ['bounded lists that overflowed', esc(s.approximate.join(', ') || 'none')],
      ],
    ),
    s.diagnostics.samples.length > 0
      ? `<details><summary>Diagnostics</summary>${s.diagnostics.samples.map((d) => `<pre>${esc(`${d.level} ${d.probe}: ${d.message}`)}</pre>`).join('')}</details>`
      : '',
  ];
  const preflight =
    r.preflight.skipped !== undefined
      ? `<p class="muted">Skipped: ${esc(r.preflight.skipped)}.</p>`
      : htmlTable(
          ['check', 'result', 'detail'],
          r.preflight.checks.map((c) => [
            esc(c.host === undefined ? c.check : `${c.check} on ${c.host}`),
            c.ok ? 'ok' : '<span class="message">failed</span>',
            esc(c.detail),
          ]),
        );
  const hosts =
    r.hosts === undefined
      ? ''
      : `<h2>Hosts</h2><p>${esc(hostsRanText(r.hosts))}.</p>${htmlTable(
          HOST_COLUMNS.map((c) => c.toLowerCase()),
          r.hosts.rows.map((row) => hostCells(row).map(esc)),
          [3, 4, 5],
        )}`;
  return `${hosts}<h2>Probes</h2>${probes}<h2>Completeness of the data</h2>${completeness.join('')}<h2>Preflight</h2>${preflight}`;
}

/** The summary's sections: each headline section and the flow view on a line of its own, the rest on one line. */
function reportHtml(r: RunbookResult, modules?: readonly ProbeModule[]): string {
  const { headline, flows, rest } = reportSections(r.summary, modules);
  return [...headline.map(sectionHtml), flows.map(sectionHtml).join(''), rest.map(sectionHtml).join('')].join('\n');
}

const FLAME_GRAPH_READING: Record<FlameGraphData['kind'], string> = {
  cpu: 'Each box is a function, as wide as the samples it was on the stack in: the process name at the bottom, each caller below what it called, the function on the CPU on top; kernel frames end in _[k]. Hover over a box for its name and samples.',
  memory:
    'Each box is a function, as wide as the bytes still held by the allocations made under it (each process’s last report): the process at the bottom, the allocator’s caller on top. Hover over a box for its name and bytes.',
};

/** The flame graphs, drawn inline by the renderer --flamegraph uses; every frame name escaped there. */
function flameGraphsHtml(r: RunbookResult): string {
  return r.flame_graphs
    .map(
      (g) =>
        `<h2>${esc(g.kind === 'cpu' ? 'Flame graph of the CPU samples' : 'Flame graph of the memory still held')}</h2><p class="muted">${esc(FLAME_GRAPH_READING[g.kind])}</p><div class="flamegraph" data-flamegraph="${g.kind}">${flameGraphSvg(g.stacks, g.title, g.unit)}</div>`,
    )
    .join('\n');
}

/** modules: whose sections are shown (default: the registry's). */
export function renderHtml(r: RunbookResult, modules?: readonly ProbeModule[]): string {
  const verdict = runVerdictText(r);
  const params =
    Object.entries(r.runbook.parameters)
      .map(([k, v]) => `${k}=${v ?? '(not set)'}`)
      .join(', ') || 'none';
  const meta = htmlTable(
    ['', ''],
    [
      ['runbook file', `<code>${esc(r.runbook.file)}</code>`],
      ['run', esc(r.mode === 'replay' ? `rehearsal on the recordings in ${r.replay}` : 'live')],
      ...(r.hosts !== undefined
        ? [['hosts', `<span data-hosts-ran="${r.hosts.ran}" data-hosts-total="${r.hosts.total}">${esc(hostsRanText(r.hosts))}</span>`]]
        : []),
      [
        'observed',
        `<span data-window-seconds="${r.window.seconds}">${esc(num(r.window.seconds))} s</span>, ${esc(utc(r.window.start))} to ${esc(utc(r.window.end))}`,
      ],
      ['parameters', esc(params)],
      ...(hostParametersText(r) !== '' ? [["parameters from the hosts' labels", esc(hostParametersText(r))]] : []),
      ['result', esc(`${r.breached} of ${plural(r.assertions.length, 'assertion')} breached`)],
    ],
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`runbook ${r.runbook.name}: ${verdict}`)}</title><style>${STYLE}</style></head>
<body>
<h1>Runbook ${esc(r.runbook.name)} <span class="badge ${r.passed ? 'pass' : 'fail'}" id="verdict">${verdict}</span></h1>
${r.runbook.description !== undefined ? `<p>${esc(r.runbook.description)}</p>` : ''}${meta}
${assertionsSection(r)}
${totalsSection(r)}
${reportHtml(r, modules)}
${flameGraphsHtml(r)}
${runSections(r)}
</body></html>
`;
}
