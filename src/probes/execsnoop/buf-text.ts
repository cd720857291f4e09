// Decodes a buffer bpftrace printed with %r: printable ASCII as itself, every other byte as \xNN, up to the first NUL.
import { decodeBytes } from '../../core/lines.js';

const hex = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

export interface BufText {
  text: string;
  /** No NUL before the buffer's last byte: the string filled it and may have been cut there. */
  full: boolean;
}

/**
 * %r writes a backslash as itself, so \xNN is an escape only for a byte %r would not print as itself: \x41 in the
 * output is the four characters of an argument, never "A". Bytes that are not UTF-8 come out as the text \xNN, as
 * the line splitter writes them. Undefined when the text holds a character %r never prints.
 */
export function decodeBufText(printed: string): BufText | undefined {
  // The bytes end at the first NUL: what follows is the buffer's padding, whose length alone matters (a full buffer has none).
  const nulAt = printed.indexOf('\\x00');
  const head = nulAt === -1 ? printed : printed.slice(0, nulAt);
  const full = nulAt === -1 || nulAt + 4 === printed.length;
  if (!isPrintable(head)) return undefined;
  if (head.indexOf('\\') === -1) return { text: head, full };
  const printedHead = Buffer.from(head, 'latin1');
  return { text: decodeUnescaped(printedHead, 0, printedHead.length), full };
}

const BACKSLASH = 92;

/**
 * Where the text %r printed in line[start, end) ends: at its first \x00 (the padding), or at `end` (a full buffer); -1
 * when a byte before it is one %r never prints (decodeBufText refuses such text).
 */
export function printedEnd(line: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = line[i]!;
    if (c === BACKSLASH) {
      if (i + 3 < end && line[i + 1] === 120 && line[i + 2] === 48 && line[i + 3] === 48) return i;
    } else if (c < 0x20 || c > 0x7e) return -1;
  }
  return end;
}

/**
 * decodeBufText of the bytes line[start, end), which it equals: undefined where it is, the same text and flag where it is
 * not. The padding is not read past its first \x00, and text without escapes is made without a decoder.
 */
export function decodeBufBytes(line: Uint8Array, start: number, end: number): BufText | undefined {
  const nul = printedEnd(line, start, end);
  if (nul === -1) return undefined;
  const full = nul === end || nul + 4 === end;
  // The padding's first \x00 starts with a backslash: the search ends there at the latest.
  if (line.indexOf(BACKSLASH, start) >= nul) return { text: latin1Text(line, start, nul), full };
  return { text: decodeUnescaped(line, start, nul), full };
}

/** Bytes as Latin-1 text (each byte one character): from their character codes when few (a short string is built fastest that way). */
export function latin1Text(line: Uint8Array, start: number, end: number): string {
  if (end - start > SHORT_TEXT)
    return (Buffer.isBuffer(line) ? line : Buffer.from(line.buffer, line.byteOffset, line.byteLength)).toString('latin1', start, end);
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(line[i]!);
  return text;
}

/** Up to this many characters, V8 copies a string built by += into one flat string. */
const SHORT_TEXT = 12;

function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Writes to `into`, from 0, the bytes the printable text line[from, nul) stands for: each `\xNN` of a byte %r does not
 * print as itself decoded, every other byte as it is; returns how many. `into` holds nul - from bytes at least.
 */
export function unescapePrinted(line: Uint8Array, from: number, nul: number, into: Uint8Array): number {
  let n = 0;
  for (let i = from; i < nul; i++) {
    const c = line[i]!;
    if (c === BACKSLASH && i + 3 < nul && line[i + 1] === 120) {
      const hi = hex(line[i + 2]!);
      const lo = hex(line[i + 3]!);
      const byte = hi * 16 + lo;
      if (hi >= 0 && lo >= 0 && (byte < 0x20 || byte > 0x7e)) {
        into[n++] = byte;
        i += 3;
        continue;
      }
    }
    into[n++] = c;
  }
  return n;
}

/** The bytes unescaped, as text: decodeBytes's, so that a byte that starts no valid UTF-8 reads \xNN. */
function decodeUnescaped(line: Uint8Array, from: number, nul: number): string {
  if (unescaped.length < nul - from) unescaped = Buffer.allocUnsafe(2 * (nul - from));
  return decodeBytes(unescaped.subarray(0, unescapePrinted(line, from, nul, unescaped)));
}

let unescaped = Buffer.allocUnsafe(256);
