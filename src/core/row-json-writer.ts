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
   * Appends the members of the row's event body to `out` (",\"pid\":1,..."): exactly the UTF-8 of
   * jsonMembers(row(text)) where text is the line decoded. Returns false when the line is not a row it
   * handles, and the caller then discards what was appended and reads the line as text: the text
   * path decides, so a writer may leave every unusual line to it. `line[start, end)` is valid UTF-8
   * without its newline.
   */
  write(line: Uint8Array, start: number, end: number, out: JsonBytes): boolean;
}
