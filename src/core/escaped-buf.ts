// Decodes a fixed-size buffer printed with bpftrace's %r: printable ASCII as itself, every other byte as \xNN.
import { decodeBytes } from './lines.js';

const hex = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

/**
 * The C string the buffer holds: the bytes up to the first NUL (the padding of comm[16]), as UTF-8
 * text where valid and \xNN where not, as the line splitter writes undecodable bytes. A
 * backslash %r printed as itself cannot be told from the start of an escape, so a buffer holding
 * the four characters \x41 reads as A. Undefined when the text holds a character %r never prints.
 */
export function decodeEscapedBuf(text: string): string | undefined {
  const escape = text.indexOf('\\');
  if (escape === -1) return isPrintable(text) ? text : undefined;
  // The common case, a printable name then NUL padding (pctl-cli\x00\x00...), is its name: no bytes to decode.
  if (text.startsWith('\\x00', escape)) {
    const name = text.slice(0, escape);
    if (isPrintable(name)) return name;
  }
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
    if (c === 92 && text.charCodeAt(i + 1) === 120) {
      const hi = hex(text.charCodeAt(i + 2));
      const lo = hex(text.charCodeAt(i + 3));
      if (hi >= 0 && lo >= 0) {
        const byte = hi * 16 + lo;
        if (byte === 0) break;
        bytes.push(byte);
        i += 3;
        continue;
      }
    }
    bytes.push(c);
  }
  return decodeBytes(Buffer.from(bytes));
}

function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
