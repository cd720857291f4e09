// Small edits of a line, for the property tests that feed parsers lines close to real ones.

export type LineEditKind = 'replace' | 'insert' | 'delete' | 'space' | 'cut';
/** Where (taken modulo the line's length), what, and the text it puts in or the length it takes out. */
export type LineEdit = readonly [at: number, kind: LineEditKind, text: string];

/** The line with the edits applied in turn: characters replaced, inserted or removed, a space put in, cut short. */
export function editLine(line: string, edits: readonly LineEdit[]): string {
  let s = line;
  for (const [at, kind, text] of edits) {
    const i = s.length === 0 ? 0 : at % s.length;
    if (kind === 'replace') s = s.slice(0, i) + text + s.slice(i + 1);
    else if (kind === 'insert') s = s.slice(0, i) + text + s.slice(i);
    else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + text.length);
    else if (kind === 'space') s = s.slice(0, i) + ' ' + s.slice(i);
    else s = s.slice(0, i);
  }
  return s;
}
