// A part of the summary as data: a title with its total and notes, tables of typed columns, and what each list left out;
// the text, HTML and Markdown renderers walk it.

/** How a column's values read: numbers in their unit (see units.ts), or text. */
export type Unit = 'count' | 'bytes' | 'kib' | 'duration' | 'rate' | 'bitRate' | 'text';

export interface Column {
  key: string;
  heading: string;
  /** Numbers read best aligned right. */
  align?: 'left' | 'right';
  /** Default text. */
  unit?: Unit;
  /** A rate's unit after its number ('pps'). */
  per?: string;
  /** On a terminal, text longer than this is cut with an ellipsis. */
  max?: number;
  /** HTML: a path or a name read as code. */
  code?: boolean;
  /** HTML: the cell marked with `data-<name>` holding the row's `from` value, for whoever reads the page's numbers. */
  tag?: { name: string; from: string };
}

/** A value, formatted by its column's unit; undefined reads "-". */
export type Cell = string | number | undefined;
export type Row = Readonly<Record<string, Cell>>;

/** The line that says what a list left out: "… and 12 on other flows". */
export interface More {
  count: number;
  /** What the count is of, after it: "on other flows". */
  what: string;
}

export interface Table {
  /** A line above the table ("longest"). */
  caption?: string;
  columns: readonly Column[];
  rows: readonly Row[];
  more?: More;
}

/**
 * A piece of a note or a lead: plain text, text that reads as bad news (red on a terminal), a count (the HTML
 * report marks it `data-total="<id>"`), or details only the full reports show (the Markdown report is the short one).
 */
export type Phrase = string | { text: string; tone: 'bad' } | { count: number; id?: string } | { detail: readonly Phrase[] };

export interface Section {
  /** The report key the section shows, which is also its name in a runbook's `print:` list. */
  id: string;
  title: string;
  /** Shown after the title: "Retransmits: 1,234". */
  total?: number;
  /** After the title and total: ", 3 failed", " (2 tail loss probes)". */
  note?: readonly Phrase[];
  /** The runbook reports: a sentence under the title ("1,234 retransmits."). */
  lead?: readonly Phrase[];
  /** HTML: a line that explains the section. */
  aside?: string;
  /** HTML: a bar chart above the tables. */
  bars?: ReadonlyArray<{ label: string; value: number }>;
  /** The runbook reports show it first, before the flow view. */
  headline?: boolean;
  tables: readonly Table[];
}
