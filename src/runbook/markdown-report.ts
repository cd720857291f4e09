// The report in Markdown: the HTML report's content as tables, sparklines of events per type instead of the chart.
import { dropReasonsText, flowText, ownerText } from '../summary/flow-text.js';
import type { FlowRow } from '../summary/report.js';
import { hasShape, sparkline, squeeze } from '../summary/sparkline.js';
import { bytes, count, duration, kib, utc } from '../summary/units.js';
import { levelCount, plural } from '../core/plural.js';
import { escapeMarkdown as md } from './escape.js';
import { keyText, measureText, num, requirementText, valueText, verdictText } from './format.js';
import type { AssertionResult, RunbookResult } from './result.js';

const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
];

function evidence(a: AssertionResult): string {
  const parts: string[] = [...a.messages.map((m) => `**${md(m)}**`)];
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

function flowRows(flows: FlowRow[]): string[][] {
  return flows.map((f) => [
    md(flowText(f)),
    md(ownerText(f)),
    count(f.retransmits),
    count(f.drops),
    f.duration_ms === undefined ? '-' : duration(f.duration_ms),
    f.tx_kb === undefined ? '-' : kib(f.tx_kb),
    f.rx_kb === undefined ? '-' : kib(f.rx_kb),
    md(dropReasonsText(f)),
  ]);
}

export function renderMarkdown(r: RunbookResult): string {
  const s = r.summary;
  const verdict = r.failed_probes.length > 0 ? 'COULD NOT OBSERVE' : r.passed ? 'PASS' : 'FAIL';
  const params =
    Object.entries(r.runbook.parameters)
      .map(([k, v]) => `${k}=${v ?? '(not set)'}`)
      .join(', ') || 'none';
  const out: string[] = [`# Runbook ${md(r.runbook.name)}: ${verdict}`, ''];
  if (r.runbook.description !== undefined) out.push(md(r.runbook.description), '');
  out.push(
    ...table(
      ['', ''],
      [
        ['runbook file', md(r.runbook.file)],
        ['run', md(r.mode === 'replay' ? `rehearsal on the recordings in ${r.replay}` : 'live')],
        ['observed', `${num(r.window.seconds)} s, ${utc(r.window.start)} to ${utc(r.window.end)}`],
        ['parameters', md(params)],
        ['result', `${r.breached} of ${plural(r.assertions.length, 'assertion')} breached`],
      ],
    ),
  );
  out.push(
    '## Assertions',
    '',
    ...table(
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
  out.push(...table(['type', 'events', `peak per ${s.series.bucket_s} s`, `over time, from ${utc(s.series.start_ts)}`], seriesRows));

  out.push('## Drops by reason', '');
  out.push(
    ...(s.drops.total === 0
      ? ['No drops.', '']
      : table(
          ['reason', 'drops'],
          [
            ...s.drops.by_reason.map((x) => [md(x.key), count(x.count)]),
            ...(s.drops.other_reasons > 0 ? [['other reasons', count(s.drops.other_reasons)]] : []),
          ],
        )),
  );
  if (s.flows.length > 0)
    out.push('## Top flows', '', ...table(['flow', 'pid comm', 'retransmits', 'drops', 'lifetime', 'tx', 'rx', 'drop reasons'], flowRows(s.flows)));
  if (s.retransmits.total > 0)
    out.push(
      '## Retransmits',
      '',
      `${plural(s.retransmits.total, 'retransmit', 'retransmits', count)}.`,
      '',
      ...table(
        ['flow (local → remote)', 'retransmits'],
        s.retransmits.top_flows.map((f) => [md(flowText(f.key)), count(f.count)]),
      ),
    );
  if (s.sessions.total > 0)
    out.push(
      '## Sessions',
      '',
      `${plural(s.sessions.total, 'session', 'sessions', count)}, ${kib(s.sessions.tx_kb)} sent, ${kib(s.sessions.rx_kb)} received.`,
      '',
      ...table(
        ['flow', 'pid comm', 'duration', 'tx', 'rx'],
        s.sessions.longest.map((f) => [
          md(flowText(f)),
          md(ownerText(f)),
          f.duration_ms === undefined ? '-' : duration(f.duration_ms),
          f.tx_kb === undefined ? '-' : kib(f.tx_kb),
          f.rx_kb === undefined ? '-' : kib(f.rx_kb),
        ]),
      ),
    );
  if (s.opens.total > 0) {
    out.push('## Opens', '', `${plural(s.opens.total, 'open', 'opens', count)}, ${count(s.opens.failed)} failed.`, '');
    out.push(
      ...table(
        ['pid', 'comm', 'opens', 'failed', 'errors'],
        s.opens.by_process.map((p) => [
          p.pid === undefined ? '-' : String(p.pid),
          md(p.comm ?? '-'),
          count(p.opens),
          count(p.failed),
          md(
            Object.entries(p.errnos)
              .map(([k, n]) => `${k} ${n}`)
              .join(', '),
          ),
        ]),
      ),
    );
    if (s.opens.top_failing_paths.length > 0)
      out.push(
        ...table(
          ['failing path', 'failures'],
          s.opens.top_failing_paths.map((p) => [md(p.key), count(p.count)]),
        ),
      );
  }
  if (s.xdp.length > 0)
    out.push(
      '## XDP traffic',
      '',
      ...table(
        ['iface', 'class', 'packets', 'bytes', 'over'],
        s.xdp.map((x) => [md(x.iface), md(x.proto), count(x.packets), bytes(x.bytes), duration(x.covered_ms)]),
      ),
    );

  out.push(
    '## Probes',
    '',
    ...table(
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
    ...table(
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
      : table(
          ['check', 'result', 'detail'],
          r.preflight.checks.map((c) => [md(c.check), c.ok ? 'ok' : '**failed**', md(c.detail)]),
        )),
  );
  return out.join('\n');
}
