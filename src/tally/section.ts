// A part of the summary as data: a title with its total and notes, tables of typed columns, and what each list left out.

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
  /** Text longer than this is cut with an ellipsis. */
  max?: number;
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

/** A piece of a note: plain text, or text that reads as bad news (red on a terminal). */
export type Phrase = string | { text: string; tone: 'bad' };

export interface Section {
  /** The report key the section shows, which is also its name in a runbook's `print:` list. */
  id: string;
  title: string;
  /** Shown after the title: "Retransmits: 1,234". */
  total?: number;
  /** After the title and total: ", 3 failed", " (2 tail loss probes)". */
  note?: readonly Phrase[];
  tables: readonly Table[];
}
