// Reads the fields of probectl's own bpftrace layout: TAB-separated, the last field taking the rest of the line.

/**
 * Splits a line into exactly `count` fields at its first count-1 TABs: the last field keeps any
 * TABs it holds (a path). Undefined when the line has fewer fields.
 */
export function tabFields(text: string, count: number): string[] | undefined {
  const fields: string[] = [];
  let pos = 0;
  for (let i = 1; i < count; i++) {
    const tab = text.indexOf('\t', pos);
    if (tab === -1) return undefined;
    fields.push(text.slice(pos, tab));
    pos = tab + 1;
  }
  fields.push(text.slice(pos));
  return fields;
}

/**
 * A decimal integer written with digits only (and a leading minus when `signed`), exactly representable: up to
 * 2^53 - 1 (16 digits at most, as a syscall's total nanoseconds over days of a run); else undefined, never rounded.
 */
export function integerField(text: string, signed = false): number | undefined {
  const start = signed && text.charCodeAt(0) === 45 ? 1 : 0;
  if (!allDigits(text, start, 16)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** True when text from `start` on is 1 to `max` decimal digits and nothing else. */
export function allDigits(text: string, start: number, max: number): boolean {
  if (text.length === start || text.length - start > max) return false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A port number field, 0 to 65535. */
export function portField(text: string): number | undefined {
  const n = integerField(text);
  return n !== undefined && n <= 65535 ? n : undefined;
}

/** The family field: "4" or "6". */
export function familyField(text: string): 4 | 6 | undefined {
  return text === '4' ? 4 : text === '6' ? 6 : undefined;
}

/** An address as ntop() prints it: hex digits, dots and colons only (IPv4 dotted quad or IPv6 text). */
export function addressField(text: string): string | undefined {
  if (text.length === 0 || text.length > 45) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 48 && c <= 58) || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!ok) return undefined;
  }
  return text;
}
