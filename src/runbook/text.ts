// The runbook's result on the terminal: each assertion's verdict and evidence, alerts, and the sections it asks to print.
import { renderSummary } from '../summary/render.js';
import { sectionLines } from '../summary/render-section.js';
import { styleFor, type Style } from '../summary/render-style.js';
import { summarySections } from '../summary/sections.js';
import { textTable } from '../summary/text-table.js';
import { count, utc } from '../tally/units.js';
import { plural } from '../core/plural.js';
import { hostsTableLines } from '../fleet/hosts-table.js';
import { hostParametersText, hostsRanText, hostVerdictText, keyText, measureText, num, requirementText, valueText, verdictText } from './format.js';
import type { AssertionResult, RunbookResult } from './result.js';
import type { Section } from './schema.js';

function heading(r: RunbookResult, s: Style): string[] {
  const how = r.mode === 'replay' ? `rehearsed on ${r.replay}` : 'live';
  const partial = r.hosts !== undefined && r.hosts.ran < r.hosts.total ? ` on ${r.hosts.ran} of ${plural(r.hosts.total, 'host')}` : '';
  const verdict =
    r.hosts?.ran === 0
      ? s.bad('could not observe: no host ran')
      : r.failed_probes.length > 0
        ? s.bad('could not observe: a probe failed')
        : r.breached === 0
          ? (partial === '' ? s.good : s.bad)(
              `${r.assertions.length === 1 ? 'the 1 assertion holds' : `all ${plural(r.assertions.length, 'assertion')} hold`}${partial}`,
            )
          : s.bad(`${r.breached} of ${plural(r.assertions.length, 'assertion')} breached${partial}`);
  const params = Object.entries(r.runbook.parameters)
    .map(([k, v]) => `${k}=${v ?? '(not set)'}`)
    .join(' ');
  const hostParams = hostParametersText(r);
  return [
    `${s.title(`runbook ${r.runbook.name}`)}: ${verdict}`,
    `  ${how}${r.hosts === undefined ? '' : ` on ${hostsRanText(r.hosts)}`}, observed ${num(r.window.seconds)} s from ${utc(r.window.start)}${params === '' ? '' : `; ${params}`}${hostParams === '' ? '' : `; from the hosts' labels: ${hostParams}`}`,
    ...(r.preflight.skipped !== undefined
      ? [s.dim(`  preflight skipped: ${r.preflight.skipped}`)]
      : r.preflight.checks.map((c) => s.dim(`  preflight ${c.check}${c.host === undefined ? '' : ` on ${c.host}`}: ${c.detail}`))),
  ];
}

function assertionLines(r: RunbookResult, s: Style): string[] {
  const lines: string[] = [];
  for (const a of r.assertions) {
    const verdict = verdictText(a);
    const mark = verdict === 'PASS' ? s.good(verdict.padEnd(5)) : s.bad(verdict.padEnd(5));
    lines.push(`${mark} ${a.name}: ${valueText(a)} (${requirementText(a)})`);
    const more: string[] = [`${measureText(a)}; ${plural(a.matched, 'matching event', 'matching events', count)}`];
    if (a.evidence.share !== undefined)
      more.push(`part ${num(a.evidence.share.part)} of ${num(a.evidence.share.total)} ${a.unit === 'share' ? '' : a.unit}`.trimEnd());
    if (a.breaches.length > 0)
      more.push(
        `breaching: ${a.breaches.map((k) => `${keyText(k)}: ${valueText(a, k.value)}${k.flows ? ` [${k.flows.join(', ')}]` : ''}`).join('; ')}${a.more_breaches > 0 ? ` and ${a.more_breaches} more` : ''}`,
      );
    else if (a.evidence.keys !== undefined && a.evidence.keys.length > 0)
      more.push(`keys: ${a.evidence.keys.map((k) => `${keyText(k)}: ${valueText(a, k.value)}`).join('; ')}`);
    if (a.evidence.flows !== undefined && a.by === undefined) more.push(`flows: ${a.evidence.flows.map((f) => `${f.flow} (${num(f.amount)})`).join(', ')}`);
    if (!a.passed && a.by === undefined && a.evidence.events !== undefined) {
      const { type: _t, probe: _p, ...first } = a.evidence.events[0]!;
      more.push(`first event: ${JSON.stringify(first)}`);
    }
    if (a.note !== undefined) more.push(`note: ${a.note}`);
    lines.push(...more.map((m) => s.dim(`      ${m}`)));
    if (a.hosts !== undefined) lines.push(...hostLines(a, s));
    for (const message of a.messages) lines.push(a.severity === 'alert' ? `${s.bad('  ALERT')} ${message}` : `      → ${message}`);
  }
  return lines;
}

/** A `per: host` assertion's verdict on each host, with its value and what it breached. */
function hostLines(a: AssertionResult, s: Style): string[] {
  const hosts = a.hosts!;
  const width = Math.max(...hosts.map((h) => h.host.length));
  return hosts.map((h) => {
    const verdict = hostVerdictText(a, h);
    const mark = verdict === 'PASS' ? s.good(verdict.padEnd(7)) : h.observed ? s.bad(verdict.padEnd(7)) : s.dim(verdict.padEnd(7));
    const detail = !h.observed
      ? ''
      : [
          `${valueText(a, h.value)}, ${plural(h.matched, 'matching event', 'matching events', count)}`,
          ...(h.where !== undefined ? [`where ${h.where}`] : []),
          ...(h.breaches.length > 0 ? [`breaching: ${h.breaches.map((k) => `${keyText(k)}: ${valueText(a, k.value)}`).join('; ')}`] : []),
          ...(h.note !== undefined ? [`note: ${h.note}`] : []),
        ].join('; ');
    return `      ${h.host.padEnd(width)}  ${mark} ${detail}`.trimEnd();
  });
}

function hostsLines(r: RunbookResult, s: Style): string[] {
  if (r.hosts === undefined) return [];
  return [`${s.title('Hosts')}: ${hostsRanText(r.hosts)}`, ...hostsTableLines(r.hosts.rows, s.heading)];
}

function probeLines(r: RunbookResult, s: Style): string[] {
  const rows = r.summary.probes.map((p) => [p.probe, p.backend ?? '-', p.state, p.message ?? '']);
  return [
    s.title('Probes'),
    ...textTable([{ title: 'PROBE' }, { title: 'BACKEND' }, { title: 'STATE' }, { title: 'LAST MESSAGE', max: 100 }], rows, s.heading),
  ];
}

function eventLines(r: RunbookResult, s: Style): string[] {
  const e = r.summary.events;
  const types = Object.entries(e.by_type)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${count(n)} ${t}`)
    .join(', ');
  const lost = r.summary.lost.events > 0 ? `, ${count(r.summary.lost.events)} lost by the tools` : '';
  return [`${s.title('Events')}: ${count(e.total)}${types === '' ? '' : ` (${types})`}${lost}; ${r.summary.complete ? 'complete' : s.bad('incomplete')}`];
}

/** The sections of the run itself; the others are the summary's (a probe module's, the flow view), by their id. */
const runSections: Partial<Record<Section, (r: RunbookResult, s: Style, level: 0 | 1 | 2 | 3) => string[]>> = {
  summary: (r, _s, level) => [renderSummary(r.summary, { level }).trimEnd()],
  probes: (r, s) => probeLines(r, s),
  events: (r, s) => eventLines(r, s),
};

export function renderText(r: RunbookResult, sections: readonly Section[], level: 0 | 1 | 2 | 3 = 0): string {
  const s = styleFor(level);
  const parts: string[][] = [heading(r, s), assertionLines(r, s), hostsLines(r, s)];
  for (const section of sections) {
    if (section === 'assertions') continue;
    const own = runSections[section];
    if (own !== undefined) parts.push(own(r, s, level));
    else for (const shown of summarySections(r.summary).filter((x) => x.id === section)) parts.push(sectionLines(shown, s));
  }
  if (r.failed_probes.length > 0) parts.push(r.failed_probes.map((f) => s.bad(`probe failed: ${f}`)));
  return (
    parts
      .filter((p) => p.length > 0)
      .map((p) => p.join('\n'))
      .join('\n\n') + '\n'
  );
}
