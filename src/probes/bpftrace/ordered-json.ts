// A small JSON reader that keeps object keys in the order they were printed (JSON.parse moves
// integer-like keys first, which would reorder bpftrace's sorted maps). Returns undefined on
// any error; never throws.
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** An object, its keys in printed order (a repeated key keeps its first place, last value). */
export type JsonObject = Map<string, JsonValue>;

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 64;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  pos = 0;

  constructor(private readonly text: string) {}

  spaces(): void {
    let c = this.text.charCodeAt(this.pos);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = this.text.charCodeAt(++this.pos);
  }

  value(depth: number): JsonValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    this.spaces();
    const c = this.text.charCodeAt(this.pos);
    if (c === 34) return this.string();
    if (c === 123) return this.object(depth);
    if (c === 91) return this.array(depth);
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return undefined;
  }

  /**
   * A string. Besides JSON's escapes it keeps "\x" as written: the line splitter writes a byte
   * that is not UTF-8 as the text \xNN, and bpftrace copies such bytes into its JSON unescaped.
   */
  string(): string | undefined {
    const text = this.text;
    let out = '';
    let from = ++this.pos;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 34) break;
      if (Number.isNaN(c) || c < 32) return undefined;
      if (c !== 92) {
        this.pos++;
        continue;
      }
      out += text.slice(from, this.pos);
      const e = text[this.pos + 1];
      if (e === 'u') {
        const hex = text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (e === 'x') {
        out += '\\x';
        this.pos += 2;
      } else {
        const decoded = e === undefined ? undefined : ESCAPES[e];
        if (decoded === undefined) return undefined;
        out += decoded;
        this.pos += 2;
      }
      from = this.pos;
    }
    out += text.slice(from, this.pos++);
    return out;
  }

  number(): number | undefined {
    const text = this.text;
    const start = this.pos;
    if (text.charCodeAt(this.pos) === 45) this.pos++;
    const digits = (): number => {
      const from = this.pos;
      let c = text.charCodeAt(this.pos);
      while (c >= 48 && c <= 57) c = text.charCodeAt(++this.pos);
      return this.pos - from;
    };
    if (digits() === 0) return undefined;
    if (text.charCodeAt(this.pos) === 46) {
      this.pos++;
      if (digits() === 0) return undefined;
    }
    const e = text.charCodeAt(this.pos);
    if (e === 101 || e === 69) {
      this.pos++;
      const sign = text.charCodeAt(this.pos);
      if (sign === 43 || sign === 45) this.pos++;
      if (digits() === 0) return undefined;
    }
    const n = Number(text.slice(start, this.pos));
    return Number.isFinite(n) ? n : undefined;
  }

  array(depth: number): JsonValue[] | undefined {
    const items: JsonValue[] = [];
    this.pos++;
    this.spaces();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return items;
    }
    for (;;) {
      const item = this.value(depth + 1);
      if (item === undefined) return undefined;
      items.push(item);
      this.spaces();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93) return items;
      if (c !== 44) return undefined;
    }
  }

  object(depth: number): JsonObject | undefined {
    const entries: JsonObject = new Map();
    this.pos++;
    this.spaces();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return entries;
    }
    for (;;) {
      this.spaces();
      if (this.text.charCodeAt(this.pos) !== 34) return undefined;
      const key = this.string();
      if (key === undefined) return undefined;
      this.spaces();
      if (this.text.charCodeAt(this.pos++) !== 58) return undefined;
      const value = this.value(depth + 1);
      if (value === undefined) return undefined;
      entries.set(key, value);
      this.spaces();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125) return entries;
      if (c !== 44) return undefined;
    }
  }
}

/** The JSON value in text, or undefined when text is not exactly one JSON value. */
export function parseOrderedJson(text: string): JsonValue | undefined {
  const reader = new Reader(text);
  const value = reader.value(0);
  if (value === undefined) return undefined;
  reader.spaces();
  return reader.pos === text.length ? value : undefined;
}

export const isJsonObject = (v: JsonValue | undefined): v is JsonObject => v instanceof Map;
