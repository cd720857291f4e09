// A section as text for a person: its title line, its tables aligned in columns, and what each list left out.
import type { Cell, Column, Phrase, Section, Table, Unit } from '../tally/section.js';
import { bitRate, bytes, count, duration, kib, rate } from '../tally/units.js';
import type { Style } from './render-style.js';
import { textTable } from './text-table.js';

const FORMATS = {
  count: (n) => count(n),
  bytes: (n) => bytes(n),
  kib: (n) => kib(n),
  duration: (n) => duration(n),
  rate: (n, c) => rate(n, c.per ?? '/s'),
  bitRate: (n) => bitRate(n),
  text: (n) => String(n),
} satisfies Record<Unit, (n: number, column: Column) => string>;

/** A cell as its column's unit reads it; "-" for a value the event did not have. */
export function cellText(cell: Cell, column: Column): string {
  if (cell === undefined) return '-';
  return typeof cell === 'string' ? cell : FORMATS[column.unit ?? 'text'](cell, column);
}

export function phraseText(p: Phrase, s: Style): string {
  if (typeof p === 'string') return p;
  if ('tone' in p) return s.bad(p.text);
  if ('count' in p) return count(p.count);
  return p.detail.map((d) => phraseText(d, s)).join('');
}

function tableLines(t: Table, s: Style): string[] {
  const lines = t.caption === undefined ? [] : [s.dim(`  ${t.caption}`)];
  lines.push(
    ...textTable(
      t.columns.map((c) => ({ title: c.heading, ...(c.align === 'right' && { right: true }), ...(c.max !== undefined && { max: c.max }) })),
      t.rows.map((row) => t.columns.map((c) => cellText(row[c.key], c))),
      s.heading,
    ),
  );
  if (t.more !== undefined) lines.push(s.dim(`  … and ${count(t.more.count)} ${t.more.what}`));
  return lines;
}

/** The section's lines: the title (bold), its total and note, then its tables, a blank line between two. */
export function sectionLines(section: Section, s: Style): string[] {
  const title = s.title(section.total === undefined ? section.title : `${section.title}: ${count(section.total)}`);
  const lines = [title + (section.note ?? []).map((p) => phraseText(p, s)).join('')];
  section.tables.forEach((t, i) => lines.push(...(i > 0 ? [''] : []), ...tableLines(t, s)));
  return lines;
}
