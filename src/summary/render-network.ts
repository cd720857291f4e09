// The summary's network sections as text: retransmits, drops, sessions, XDP traffic and the flow view.
import { plural as countOf } from '../core/plural.js';
import { dropReasonsText, flowText, ownerText } from './flow-text.js';
import type { Counted, FlowKey, FlowRow, SummaryReport } from './report.js';
import type { Style } from './render-style.js';
import { textTable } from './text-table.js';
import { bitRate, bytes, count, duration, kib, rate } from './units.js';

const plural = (n: number, one: string, many = one + 's'): string => countOf(n, one, many, count);

function flowCounts(flows: Counted<FlowKey>[], other: number, what: string, title: string, s: Style): string[] {
  const lines = textTable(
    [{ title }, { title: what, right: true }],
    flows.map((f) => [flowText(f.key), count(f.count)]),
    s.heading,
  );
  if (other > 0) lines.push(s.dim(`  … and ${count(other)} on other flows`));
  return lines;
}

export function retransmitSection(r: SummaryReport['retransmits'], s: Style): string[] {
  if (r.total === 0) return [];
  const parts = [
    r.tlp > 0 ? `${plural(r.tlp, 'tail loss probe')}` : '',
    r.counted > 0 ? `${count(r.counted)} counted in the kernel by tcpretrans -c` : '',
  ].filter((p) => p !== '');
  return [
    s.title(`Retransmits: ${count(r.total)}`) + (parts.length > 0 ? ` (${parts.join(', ')})` : ''),
    ...flowCounts(r.top_flows, r.other_flows, 'RETRANSMITS', 'FLOW (local → remote)', s),
  ];
}

export function dropSection(d: SummaryReport['drops'], s: Style): string[] {
  if (d.total === 0) return [];
  const reasons = textTable(
    [{ title: 'REASON' }, { title: 'DROPS', right: true }],
    d.by_reason.map((r) => [r.key, count(r.count)]),
    s.heading,
  );
  if (d.other_reasons > 0) reasons.push(s.dim(`  … and ${count(d.other_reasons)} for other reasons`));
  return [
    s.title(`Drops: ${count(d.total)}`),
    ...reasons,
    '',
    ...flowCounts(d.top_flows, d.other_flows, 'DROPS', 'FLOW (source → destination, as printed)', s),
  ];
}

function sessionRows(rows: FlowRow[], s: Style): string[] {
  return textTable(
    [{ title: 'FLOW' }, { title: 'PID COMM', max: 24 }, { title: 'DURATION', right: true }, { title: 'TX', right: true }, { title: 'RX', right: true }],
    rows.map((r) => [
      flowText(r),
      ownerText(r),
      r.duration_ms === undefined ? '-' : duration(r.duration_ms),
      r.tx_kb === undefined ? '-' : kib(r.tx_kb),
      r.rx_kb === undefined ? '-' : kib(r.rx_kb),
    ]),
    s.heading,
  );
}

export function sessionSection(x: SummaryReport['sessions'], s: Style): string[] {
  if (x.total === 0) return [];
  const d = x.duration_ms;
  const percentiles = (['p50', 'p90', 'p99', 'max'] as const).filter((p) => d[p] !== undefined).map((p) => `${p} ${duration(d[p]!)}`);
  const lines = [s.title(`Sessions: ${count(x.total)}`) + `, ${kib(x.tx_kb)} sent, ${kib(x.rx_kb)} received; duration ${percentiles.join(', ')}`];
  lines.push(s.dim('  longest'), ...sessionRows(x.longest, s));
  // The same sessions twice tells nothing new.
  const same = x.biggest.length === x.longest.length && x.biggest.every((b, i) => b === x.longest[i] || JSON.stringify(b) === JSON.stringify(x.longest[i]));
  if (!same) lines.push('', s.dim('  biggest (sent + received)'), ...sessionRows(x.biggest, s));
  return lines;
}

export function xdpSection(rows: SummaryReport['xdp'], s: Style): string[] {
  if (rows.length === 0) return [];
  const table = textTable(
    [
      { title: 'IFACE' },
      { title: 'PROTO' },
      { title: 'PACKETS', right: true },
      { title: 'BYTES', right: true },
      { title: 'PKT RATE', right: true },
      { title: 'BIT RATE', right: true },
      { title: 'OVER', right: true },
    ],
    rows.map((r) => [r.iface, r.proto, count(r.packets), bytes(r.bytes), rate(r.pps, 'pps'), bitRate(r.bps), duration(r.covered_ms)]),
    s.heading,
  );
  return [s.title('XDP traffic') + ' (rates: totals over the time the counter covered)', ...table];
}

export function flowSection(rows: FlowRow[], s: Style): string[] {
  if (rows.length === 0) return [];
  const table = textTable(
    [
      { title: 'FLOW' },
      { title: 'PID COMM', max: 24 },
      { title: 'RETRANS', right: true },
      { title: 'DROPS', right: true },
      { title: 'LIFETIME', right: true },
      { title: 'TX', right: true },
      { title: 'RX', right: true },
      { title: 'DROP REASONS', max: 60 },
    ],
    rows.map((r) => [
      flowText(r),
      ownerText(r),
      r.tlp > 0 ? `${count(r.retransmits)} (${count(r.tlp)} TLP)` : count(r.retransmits),
      count(r.drops),
      r.duration_ms === undefined ? '-' : duration(r.duration_ms),
      r.tx_kb === undefined ? '-' : kib(r.tx_kb),
      r.rx_kb === undefined ? '-' : kib(r.rx_kb),
      dropReasonsText(r),
    ]),
    s.heading,
  );
  return [s.title('Flows') + ' (retransmits, drops and sessions of each connection, joined by 4-tuple)', ...table];
}
