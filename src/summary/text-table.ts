// A plain-text table: columns as wide as their widest cell, numbers aligned right, long text cut with an ellipsis.

export interface Column {
  title: string;
  /** Numbers read best aligned right. */
  right?: boolean;
  /** Cells longer than this are cut (paths, messages); the last column is never padded. */
  max?: number;
}

const INDENT = '  ';

export function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** The table's lines, indented under its section's title; `heading` styles the title row. */
export function textTable(columns: Column[], rows: string[][], heading: (text: string) => string = (t) => t): string[] {
  const cells = rows.map((row) => row.map((cell, i) => cut(cell, columns[i]?.max ?? Infinity)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]): string =>
    INDENT +
    row
      .map((cell, i) => (i === row.length - 1 && !columns[i]?.right ? cell : columns[i]?.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [heading(line(columns.map((c) => c.title))), ...cells.map(line)];
}
