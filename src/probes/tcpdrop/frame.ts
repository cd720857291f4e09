// Reads one stack frame line: bcc's "\tb'sym+0x1a'" (Python bytes repr), "\tsym+0x1", or bpftrace's "        sym+26".
import { decodeBytes } from '../../core/lines.js';

const TAB = 9;
const SPACE = 32;
const BACKSLASH = 92;

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Undoes Python's repr of bytes, b'...' or b"...": \\ \' \" \t \n \r \xNN. Other escapes stay
 * as written (as Python itself reads them). Bytes that are not UTF-8 become the text \xNN.
 * Returns undefined when the text is not one whole literal.
 */
export function unreprBytes(text: string): string | undefined {
  const quote = text.charCodeAt(1);
  if (text.charCodeAt(0) !== 98 || (quote !== 39 && quote !== 34) || text.length < 3 || text.charCodeAt(text.length - 1) !== quote) return undefined;
  const inner = text.slice(2, -1);
  if (inner.indexOf(String.fromCharCode(quote)) === -1 && inner.indexOf('\\') === -1) return inner;
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    if (c === quote) return undefined; // an unescaped quote: the literal ended earlier
    if (c !== BACKSLASH) {
      if (c < 0x80) bytes.push(c);
      else {
        const char = String.fromCodePoint(inner.codePointAt(i)!);
        for (const b of Buffer.from(char)) bytes.push(b);
        i += char.length - 1;
      }
      continue;
    }
    const e = inner.charCodeAt(++i);
    if (e === BACKSLASH || e === 39 || e === 34) bytes.push(e);
    else if (e === 116) bytes.push(9);
    else if (e === 110) bytes.push(10);
    else if (e === 114) bytes.push(13);
    else if (e === 120 && hexDigit(inner.charCodeAt(i + 1)) >= 0 && hexDigit(inner.charCodeAt(i + 2)) >= 0) {
      bytes.push(hexDigit(inner.charCodeAt(i + 1)) * 16 + hexDigit(inner.charCodeAt(i + 2)));
      i += 2;
    } else if (i >= inner.length)
      return undefined; // a lone backslash escaped the closing quote
    else {
      bytes.push(BACKSLASH);
      i--;
    }
  }
  return decodeBytes(Buffer.from(bytes));
}

/** bcc: a TAB, then the symbol as bytes repr ("b'tcp_v4_rcv+0x9c7'") or as plain text (Python 2 era). */
export function bccFrame(line: string): string | undefined {
  if (line.charCodeAt(0) !== TAB) return undefined;
  const c = line.charCodeAt(1);
  if (c === TAB || c === SPACE || Number.isNaN(c)) return undefined;
  const text = line.slice(1);
  if (c === 98 && (line.charCodeAt(2) === 39 || line.charCodeAt(2) === 34)) {
    const frame = unreprBytes(text);
    return frame === undefined || frame.length === 0 ? undefined : frame;
  }
  return text;
}

/** bpftrace kstack: 8 spaces then "sym+<decimal>", "0x..." or "<unwind failure>"; bcc-style TAB frames too. */
export function bpftraceFrame(line: string): string | undefined {
  const first = line.charCodeAt(0);
  if (first === TAB) return bccFrame(line);
  if (first !== SPACE) return undefined;
  const frame = line.trim();
  return frame.length === 0 ? undefined : frame;
}
