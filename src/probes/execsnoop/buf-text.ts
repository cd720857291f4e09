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
  const bytes: number[] = [];
  let size = 0;
  let nul = -1;
  for (let i = 0; i < printed.length; i++) {
    const c = printed.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
    if (c === 92 && printed.charCodeAt(i + 1) === 120) {
      const hi = hex(printed.charCodeAt(i + 2));
      const lo = hex(printed.charCodeAt(i + 3));
      const byte = hi * 16 + lo;
      if (hi >= 0 && lo >= 0 && (byte < 0x20 || byte > 0x7e)) {
        if (byte === 0 && nul === -1) nul = size;
        if (nul === -1) bytes.push(byte);
        size++;
        i += 3;
        continue;
      }
    }
    if (nul === -1) bytes.push(c);
    size++;
  }
  return { text: decodeBytes(Buffer.from(bytes)), full: nul === -1 || nul === size - 1 };
}
