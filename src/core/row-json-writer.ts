// The direct path of a hot layout: a row's event written from the line's bytes as JSON, with no body object.
import type { EventType } from '../events/index.js';
import type { JsonBytes } from './json-line-batch.js';

export interface RowJson {
  /** The type of the events this layout's rows are. */
  readonly type: EventType;
  /**
   * True when no line write() takes is a header of any layout of its tool (probectl's "CONNECT\t..." rows): the parser
   * then offers it lines that do not start with a digit too, which it otherwise reads as text to test them as headers.
   */
  readonly neverHeader?: boolean;
  /**
   * True when write() also takes lines that are not valid UTF-8 (a tool that prints a process's raw bytes): it then
   * writes each byte that starts no valid sequence as the text \xNN that decodeBytes (core/lines.ts) reads it as.
   */
  readonly notUtf8?: boolean;
  /**
   * Appends the members of the row's event body to `out` (",\"pid\":1,..."): exactly the UTF-8 of
   * jsonMembers(row(text)) where text is the line decoded (decodeBytes). Returns false when the line is not a row it
   * handles, and the caller then discards what was appended and reads the line as text: the text
   * path decides, so a writer may leave every unusual line to it. `line[start, end)` is without its newline, and
   * valid UTF-8 unless notUtf8 says otherwise (only to a writer that declares notUtf8).
   */
  write(line: Uint8Array, start: number, end: number, out: JsonBytes, notUtf8: boolean): boolean;
}

/** The line json() is given for an event a parser writes from its own state (an interval's counts, a histogram, a call): none. */
export const NO_LINE = new Uint8Array(0);
