// The last N space-separated fields of a row, found from its right end: how a row whose first column may hold
// spaces (a COMM) is read without splitting that column.

/** Start and end of each field the last call found, left to right: field i is text.slice(fieldBounds[2i], fieldBounds[2i + 1]). Reused by every call, so the hot loop allocates nothing. */
export const fieldBounds: number[] = new Array<number>(16).fill(0);

/** The most fields one call finds. */
export const MAX_FIELDS_FROM_RIGHT = fieldBounds.length / 2;

/**
 * Finds the last `count` space-separated fields of text, after lo. False when there are fewer,
 * or when the leftmost one starts at lo itself (no first column and no separator before it).
 */
export function fieldsFromRight(text: string, lo: number, count: number): boolean {
  let pos = text.length;
  while (pos > lo && text.charCodeAt(pos - 1) === 32) pos--;
  for (let i = count - 1; i >= 0; i--) {
    const end = pos;
    while (pos > lo && text.charCodeAt(pos - 1) !== 32) pos--;
    if (pos === end || pos === lo) return false;
    fieldBounds[2 * i] = pos;
    fieldBounds[2 * i + 1] = end;
    while (pos > lo && text.charCodeAt(pos - 1) === 32) pos--;
  }
  return true;
}

/** Field i of the last call's text. */
export const field = (text: string, i: number): string => text.slice(fieldBounds[2 * i], fieldBounds[2 * i + 1]);
