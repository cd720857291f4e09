// The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched; every event string escaped.
import { dropReasonsText, flowText, ownerText } from '../summary/flow-text.js';
import type { FlowRow } from '../summary/report.js';
import { bytes, count, duration, kib, utc } from '../summary/units.js';
import { levelCount, plural } from '../core/plural.js';
import { escapeHtml as esc } from './escape.js';
import { keyText, measureText, num, requirementText, valueText, verdictText } from './format.js';
import type { AssertionResult, RunbookResult } from './result.js';
import { barChart, seriesChart } from './svg-chart.js';

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
`;

const table = (head: string[], rows: string[][], numeric: number[] = []): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

function evidence(a: AssertionResult): string {
  const parts: string[] = [];
  if (a.messages.length > 0) parts.push(`<ul>${a.messages.map((m) => `<li class="message">${esc(m)}</li>`).join('')}</ul>`);
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
  return `<h2>Events</h2><p>${plural(s.events.total, 'event', 'events', count)}${esc(rate)}.</p>${table(['type', 'events'], rows, [1])}<h3>Events per second, per type</h3>${seriesChart(s.series, r.window.seconds > 0 ? r.window : undefined)}`;
}

function dropsSection(r: RunbookResult): string {
  const d = r.summary.drops;
  if (d.total === 0) return `<h2>Drops by reason</h2><p>No drops (<span data-total="drops">0</span>).</p>`;
  const bars = barChart(d.by_reason.map((x) => ({ label: x.key, value: x.count })));
  const rows = d.by_reason.map((x) => [esc(x.key), `<span data-drop-reason="${esc(x.key)}">${count(x.count)}</span>`]);
  if (d.other_reasons > 0) rows.push(['other reasons', count(d.other_reasons)]);
  return `<h2>Drops by reason</h2><p><span data-total="drops">${count(d.total)}</span> drops.</p>${bars}${table(['reason', 'drops'], rows, [1])}`;
}

function flowsSection(flows: FlowRow[]): string {
  if (flows.length === 0) return '';
  const rows = flows.map((f) => [
    esc(flowText(f)),
    esc(ownerText(f)),
    count(f.retransmits),
    count(f.drops),
    f.duration_ms === undefined ? '-' : esc(duration(f.duration_ms)),
    f.tx_kb === undefined ? '-' : esc(kib(f.tx_kb)),
    f.rx_kb === undefined ? '-' : esc(kib(f.rx_kb)),
    esc(dropReasonsText(f)),
  ]);
  return `<h2>Top flows</h2><p class="muted">Retransmits, drops and sessions of each connection, joined by 4-tuple and time.</p>${table(['flow', 'pid comm', 'retransmits', 'drops', 'lifetime', 'tx', 'rx', 'drop reasons'], rows, [2, 3, 4, 5, 6])}`;
}

function otherSections(r: RunbookResult): string {
  const s = r.summary;
  const out: string[] = [];
  if (s.retransmits.total > 0)
    out.push(
      `<h2>Retransmits</h2><p><span data-total="retransmits">${count(s.retransmits.total)}</span> retransmits${s.retransmits.tlp > 0 ? `, ${count(s.retransmits.tlp)} tail loss probes` : ''}.</p>${table(
        ['flow (local → remote)', 'retransmits'],
        s.retransmits.top_flows.map((f) => [esc(flowText(f.key)), count(f.count)]),
        [1],
      )}`,
    );
  if (s.sessions.total > 0)
    out.push(
      `<h2>Sessions</h2><p><span data-total="sessions">${count(s.sessions.total)}</span> sessions, ${esc(kib(s.sessions.tx_kb))} sent, ${esc(kib(s.sessions.rx_kb))} received.</p>${table(
        ['flow', 'pid comm', 'duration', 'tx', 'rx'],
        s.sessions.longest.map((f) => [
          esc(flowText(f)),
          esc(ownerText(f)),
          f.duration_ms === undefined ? '-' : esc(duration(f.duration_ms)),
          f.tx_kb === undefined ? '-' : esc(kib(f.tx_kb)),
          f.rx_kb === undefined ? '-' : esc(kib(f.rx_kb)),
        ]),
        [2, 3, 4],
      )}`,
    );
  if (s.opens.total > 0) {
    const errnos = (e: Record<string, number>) =>
      Object.entries(e)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    out.push(
      `<h2>Opens</h2><p><span data-total="opens">${count(s.opens.total)}</span> opens, <span data-total="failed-opens">${count(s.opens.failed)}</span> failed.</p>` +
        table(
          ['pid', 'comm', 'opens', 'failed', 'errors'],
          s.opens.by_process.map((p) => [
            p.pid === undefined ? '-' : String(p.pid),
            esc(p.comm ?? '-'),
            count(p.opens),
            count(p.failed),
            esc(errnos(p.errnos)),
          ]),
          [0, 2, 3],
        ) +
        (s.opens.top_failing_paths.length > 0
          ? table(
              ['failing path', 'failures'],
              s.opens.top_failing_paths.map((p) => [`<code>${esc(p.key)}</code>`, count(p.count)]),
              [1],
            )
          : ''),
    );
  }
  if (s.xdp.length > 0)
    out.push(
      `<h2>XDP traffic</h2>${table(
        ['iface', 'class', 'packets', 'bytes', 'over'],
        s.xdp.map((x) => [
          esc(x.iface),
          esc(x.proto),
          `<span data-xdp="${esc(x.proto)}">${count(x.packets)}</span>`,
          esc(bytes(x.bytes)),
          esc(duration(x.covered_ms)),
        ]),
        [2, 3, 4],
      )}`,
    );
  return out.join('');
}

function runSections(r: RunbookResult): string {
  const s = r.summary;
  const probes = table(
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
    table(
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
      : table(
          ['check', 'result', 'detail'],
          r.preflight.checks.map((c) => [esc(c.check), c.ok ? 'ok' : '<span class="message">failed</span>', esc(c.detail)]),
        );
  return `<h2>Probes</h2>${probes}<h2>Completeness of the data</h2>${completeness.join('')}<h2>Preflight</h2>${preflight}`;
}

export function renderHtml(r: RunbookResult): string {
  const verdict = r.failed_probes.length > 0 ? 'COULD NOT OBSERVE' : r.passed ? 'PASS' : 'FAIL';
  const params =
    Object.entries(r.runbook.parameters)
      .map(([k, v]) => `${k}=${v ?? '(not set)'}`)
      .join(', ') || 'none';
  const meta = table(
    ['', ''],
    [
      ['runbook file', `<code>${esc(r.runbook.file)}</code>`],
      ['run', esc(r.mode === 'replay' ? `rehearsal on the recordings in ${r.replay}` : 'live')],
      [
        'observed',
        `<span data-window-seconds="${r.window.seconds}">${esc(num(r.window.seconds))} s</span>, ${esc(utc(r.window.start))} to ${esc(utc(r.window.end))}`,
      ],
      ['parameters', esc(params)],
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
${dropsSection(r)}
${flowsSection(r.summary.flows)}
${otherSections(r)}
${runSections(r)}
</body></html>
`;
}
