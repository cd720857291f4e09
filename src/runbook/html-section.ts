// Sections as HTML for the report: a heading, a lead paragraph, a bar chart, tables; every string from events escaped.
import { cellText } from '../summary/render-section.js';
import type { Column, Phrase, Row, Section, Table } from '../tally/section.js';
import { count } from '../tally/units.js';
import { escapeHtml as esc } from './escape.js';
import { barChart } from './svg-chart.js';

/** A table of cells already in HTML; `numeric` columns align right. */
export const htmlTable = (head: string[], rows: string[][], numeric: number[] = []): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

function phraseHtml(p: Phrase): string {
  if (typeof p === 'string') return esc(p);
  if ('tone' in p) return esc(p.text);
  if ('count' in p) return p.id === undefined ? count(p.count) : `<span data-total="${esc(p.id)}">${count(p.count)}</span>`;
  return p.detail.map(phraseHtml).join('');
}

function cellHtml(row: Row, column: Column): string {
  const text = esc(cellText(row[column.key], column));
  if (column.code === true) return `<code>${text}</code>`;
  if (column.tag !== undefined) return `<span data-${column.tag.name}="${esc(String(row[column.tag.from] ?? ''))}">${text}</span>`;
  return text;
}

function tableHtml(t: Table): string {
  const rows = t.rows.map((row) => t.columns.map((c) => cellHtml(row, c)));
  if (t.more !== undefined) rows.push(t.columns.map((c, i) => (i === 0 ? esc(t.more!.what) : c.unit === 'count' ? count(t.more!.count) : '')));
  const numeric = t.columns.flatMap((c, i) => (c.align === 'right' ? [i] : []));
  return htmlTable(
    t.columns.map((c) => c.heading),
    rows,
    numeric,
  );
}

export function sectionHtml(s: Section): string {
  const lead = s.lead === undefined ? '' : `<p>${s.lead.map(phraseHtml).join('')}</p>`;
  const aside = s.aside === undefined ? '' : `<p class="muted">${esc(s.aside)}</p>`;
  const bars = s.bars === undefined ? '' : barChart(s.bars);
  return `<h2>${esc(s.title)}</h2>${lead}${aside}${bars}${s.tables.map(tableHtml).join('')}`;
}
