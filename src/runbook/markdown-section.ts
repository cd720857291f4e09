// Sections as Markdown for the report: a heading, a lead sentence (without the HTML report's details), tables.
import { cellText } from '../summary/render-section.js';
import type { Phrase, Section, Table } from '../tally/section.js';
import { count } from '../tally/units.js';
import { escapeMarkdown as md } from './escape.js';

/** A table's lines and the blank line after it; cells already in Markdown. */
export const markdownTable = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
];

function phraseMarkdown(p: Phrase): string {
  if (typeof p === 'string') return md(p);
  if ('tone' in p) return md(p.text);
  if ('count' in p) return count(p.count);
  return ''; // details are for the HTML report
}

function tableMarkdown(t: Table): string[] {
  const rows = t.rows.map((row) => t.columns.map((c) => md(cellText(row[c.key], c))));
  if (t.more !== undefined) rows.push(t.columns.map((c, i) => (i === 0 ? md(t.more!.what) : c.unit === 'count' ? count(t.more!.count) : '')));
  return markdownTable(
    t.columns.map((c) => c.heading),
    rows,
  );
}

export function sectionMarkdown(s: Section): string[] {
  const lead = (s.lead ?? []).map(phraseMarkdown).join('');
  return [`## ${s.title}`, '', ...(lead === '' ? [] : [lead, '']), ...s.tables.flatMap(tableMarkdown)];
}
