// Members appended to a batch of JSON lines as JSON.stringify writes them, for writers that build an event's JSON
// from their own state (an interval's counts, a histogram's buckets) without a body object.
import { type AsciiKey, putKey, putUint } from './json-from-bytes.js';
import type { JsonBytes } from './json-line-batch.js';
import { jsonString } from './json-text.js';

/** A number at `at` in `bytes`: digits for a non-negative safe integer (every count is), else its JSON text (at most 24 bytes). */
export function putJsonNumberAt(bytes: Buffer, at: number, n: number): number {
  return Number.isSafeInteger(n) && n >= 0 ? putUint(bytes, at, n) : at + bytes.write(JSON.stringify(n), at, 'latin1');
}

/** A number at the batch's end. */
export function putJsonNumber(out: JsonBytes, n: number): void {
  out.reserve(32);
  out.length = putJsonNumberAt(out.bytes, out.length, n);
}

/** A member's key (',"name":', 4 to 12 bytes) and its number. */
export function putNumberMember(out: JsonBytes, key: AsciiKey, n: number): void {
  out.reserve(key.length + 32);
  out.length = putJsonNumberAt(out.bytes, putKey(out.view, out.length, key), n);
}

/**
 * A member's key and its string value (the JSON text of the string): a value of printable ASCII but a quote or a
 * backslash, as a task's name almost always is, copied a character at a time (a call into the encoder costs more for
 * a short string); any other, jsonString's text encoded. Room: 6 bytes a UTF-16 unit at most (\u001f, a lone \udc80),
 * the quotes, and putKey's 4 bytes past the key.
 */
export function putStringMember(out: JsonBytes, key: AsciiKey, text: string): void {
  out.reserve(key.length + text.length * 6 + 4);
  const valueAt = putKey(out.view, out.length, key);
  const bytes = out.bytes;
  let at = valueAt;
  bytes[at++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
      out.length = valueAt + bytes.write(jsonString(text), valueAt);
      return;
    }
    bytes[at++] = c;
  }
  bytes[at++] = QUOTE;
  out.length = at;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** Bytes written as they are: a key past putKey's 12 bytes, a member made once. */
export function putRaw(out: JsonBytes, bytes: Uint8Array): void {
  out.reserve(bytes.length);
  out.bytes.set(bytes, out.length);
  out.length += bytes.length;
}

/**
 * One string member whose values recur (a histogram's device, unit, flags and clock), each value's bytes made once:
 * encoding a short string into the batch cost more than copying its bytes. Past `limit` values the cache starts again.
 */
export class RecurringStringMember {
  private readonly made = new Map<string, Uint8Array>();
  private readonly prefix: string;

  constructor(
    key: string,
    private readonly limit = 256,
  ) {
    this.prefix = `,${JSON.stringify(key)}:`;
  }

  put(out: JsonBytes, text: string): void {
    let bytes = this.made.get(text);
    if (bytes === undefined) {
      if (this.made.size >= this.limit) this.made.clear();
      bytes = Buffer.from(this.prefix + jsonString(text));
      this.made.set(text, bytes);
    }
    putRaw(out, bytes);
  }
}
