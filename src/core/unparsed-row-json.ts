// An unparsed line of stdout as its diagnostic's JSON members, from its bytes: what the text path reports for a line
// nothing reads ({ level: 'unparsed', message, stream: 'stdout' }), without a decode or a body object.
import { putBytes, putJsonChars } from './json-from-bytes.js';
import type { RowJson } from './row-json-writer.js';

const BEFORE_MESSAGE = Buffer.from(',"level":"unparsed","message":"');
const AFTER_MESSAGE = Buffer.from('","stream":"stdout"');

/** Takes every valid UTF-8 line: which lines are unparsed is the parser's decision (TableParser.lineBytes). */
export const UNPARSED_STDOUT: RowJson = {
  type: 'tool.diagnostic',
  write(line, start, end, out) {
    // putJsonChars writes at most 6 bytes a byte (\u00XX).
    out.reserve(BEFORE_MESSAGE.length + (end - start) * 6 + AFTER_MESSAGE.length);
    let at = putBytes(out.bytes, out.length, BEFORE_MESSAGE);
    at = putJsonChars(out.bytes, out.view, at, line, start, end);
    out.length = putBytes(out.bytes, at, AFTER_MESSAGE);
    return true;
  },
};
