// UTF-8 validity of a range of bytes, told without a Buffer for it: the line splitter's check of a line, and the JSON
// writer's of an argument that may hold a tool's raw bytes.

/**
 * Length of the valid UTF-8 sequence starting at i and ending by end, or 0 when the byte there starts none: no
 * overlong form, no surrogate, nothing past U+10FFFF (the table of well-formed sequences in the Unicode standard, 3.9).
 */
export function utf8SequenceLength(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  if (c < 0xc2 || c > 0xf4) return 0;
  const need = c <= 0xdf ? 2 : c <= 0xef ? 3 : 4;
  if (i + need > end) return 0;
  // The second byte's range depends on the first; every later one is 0x80-0xbf.
  const second = b[i + 1]!;
  const low = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
  const high = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) return 0;
  for (let k = 2; k < need; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return need;
}

/** Where the first byte of bytes[from, end) that is not ASCII is, or end: four bytes a test while there are four. */
export function asciiEnd(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i + 4 <= end && ((bytes[i]! | bytes[i + 1]! | bytes[i + 2]! | bytes[i + 3]!) & 0x80) === 0) i += 4;
  while (i < end && bytes[i]! < 0x80) i++;
  return i;
}

/** isUtf8 of bytes[from, end). */
export function isUtf8Range(bytes: Uint8Array, from: number, end: number): boolean {
  for (let i = asciiEnd(bytes, from, end); i < end; i = asciiEnd(bytes, i, end)) {
    const length = utf8SequenceLength(bytes, i, end);
    if (length === 0) return false;
    i += length;
  }
  return true;
}
