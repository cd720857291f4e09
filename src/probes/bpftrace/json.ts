// bpftrace -f json: one {"type": ..., "data": ...} record per line, turned into the same
// events the text layout gives for the same program.
import { bucketsFromJson, type Bucket } from './hist.js';
import { scalarValue, splitKey, stackOrString, type KeyPart } from './key.js';
import type { Emit } from './layouts.js';
import { isJsonObject, parseOrderedJson, type JsonObject, type JsonValue } from './ordered-json.js';

/** A program that never prints a newline still gets its output, in pieces of this size. */
const MAX_PARTIAL = 1 << 20;
/** Tuples nested deeper than this are not rendered. */
const MAX_RENDER_DEPTH = 16;

function isMapName(name: string): boolean {
  if (name.charCodeAt(0) !== 64) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/**
 * A value as the text layout prints it: a tuple [1,"a"] as "(1, a)", a struct as
 * "{ .a = 1 }". JSON prints tuples and arrays alike, so an array is shown as a tuple.
 */
function render(v: JsonValue, depth = 0): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || depth > MAX_RENDER_DEPTH) return undefined;
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const part = render(item, depth + 1);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return `(${parts.join(', ')})`;
  }
  for (const [name, field] of v) {
    const part = render(field, depth + 1);
    if (part === undefined) return undefined;
    parts.push(`.${name} = ${part}`);
  }
  return `{ ${parts.join(', ')} }`;
}

/** A map value: a number, a string (a stack as joined frames), or a tuple rendered as text. */
function mapValue(v: JsonValue): number | string | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const stack = stackOrString(v);
    // As in the text layout, where "123" cannot be told from 123.
    return stack === v ? scalarValue(v) : stack;
  }
  if (Array.isArray(v)) return render(v);
  return undefined;
}

/** The value of one stats() entry: exactly count, average and total, all numbers. */
function isStatsShape(v: JsonValue): v is JsonObject {
  return isJsonObject(v) && v.size === 3 && ['count', 'average', 'total'].every((k) => typeof v.get(k) === 'number');
}

function statsOf(v: JsonValue): { count: number; average: number; total: number } | undefined {
  if (!isStatsShape(v)) return undefined;
  const [count, average, total] = [v.get('count'), v.get('average'), v.get('total')] as [number, number, number];
  return Number.isSafeInteger(count) && count >= 0 ? { count, average, total } : undefined;
}

/** Map key text as -f json prints it: the parts joined by ",". */
const keyOf = (text: string): KeyPart[] => splitKey(text, ',');

export class JsonReader {
  /** Program output after the last newline, waiting for the rest of its line. */
  private partial = '';
  private partialTs = 0;

  constructor(private readonly emit: Emit) {}

  line(text: string, ts: number): void {
    // bpftrace prints bare blank lines at exit even with -f json.
    if (text.length === 0) return this.flush();
    const record = parseOrderedJson(text);
    const type = isJsonObject(record) ? record.get('type') : undefined;
    if (!isJsonObject(record) || typeof type !== 'string') {
      this.flush();
      return this.unparsed(text, ts);
    }
    const data = record.get('data');
    switch (type) {
      // Program output; printf, time, cat and system() carry their own newlines.
      case 'printf':
      case 'time':
      case 'cat':
      case 'syscall':
        return typeof data === 'string' ? this.print(data, ts) : this.unparsed(text, ts);
      // join() and print(value) end their line in the text layout; the record has no newline.
      case 'join':
        return typeof data === 'string' ? this.print(data + '\n', ts) : this.unparsed(text, ts);
      case 'value': {
        const shown = data === undefined ? undefined : render(data);
        return shown === undefined ? this.unparsed(text, ts) : this.print(shown + '\n', ts);
      }
    }
    this.flush();
    switch (type) {
      case 'attached_probes':
        return;
      case 'lost_events': {
        const count = isJsonObject(data) ? data.get('events') : undefined;
        if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) return this.emit(ts, 'tool.lost', { count });
        return this.unparsed(text, ts);
      }
      case 'helper_error':
        return this.emit(ts, 'tool.diagnostic', { level: 'warning', message: text, stream: 'stdout' });
      case 'map':
      case 'hist':
      case 'stats':
        return this.maps(type, data, text, ts);
      default:
        return this.unparsed(text, ts);
    }
  }

  /** Input ended or another layout spoke: program output without its newline is emitted as is. */
  end(): void {
    this.flush();
  }

  /** map, hist and stats records: every event of the line, or one unparsed diagnostic. */
  private maps(type: 'map' | 'hist' | 'stats', data: JsonValue | undefined, text: string, ts: number): void {
    if (!isJsonObject(data)) return this.unparsed(text, ts);
    const events: (() => void)[] = [];
    let badBuckets = 0;
    const hist = (map: string, key: KeyPart[], v: JsonValue): boolean => {
      const read = bucketsFromJson(v);
      if (read === undefined) return false;
      badBuckets += read.bad;
      const buckets: Bucket[] = read.buckets;
      events.push(() => this.emit(ts, 'bpftrace.hist', { map, key, buckets }));
      return true;
    };
    const scalar = (map: string, key: KeyPart[], v: JsonValue): boolean => {
      const value = mapValue(v);
      if (value === undefined) return false;
      events.push(() => this.emit(ts, 'bpftrace.map', { map, key, value }));
      return true;
    };
    // stats records also carry avg() maps, whose values are plain numbers.
    const stats = (map: string, key: KeyPart[], v: JsonValue): boolean => {
      if (typeof v === 'number') return scalar(map, key, v);
      const s = statsOf(v);
      if (s === undefined) return false;
      events.push(() => this.emit(ts, 'bpftrace.stats', { map, key, ...s }));
      return true;
    };
    const one = type === 'map' ? scalar : type === 'hist' ? hist : stats;
    /** A map without a key prints its value directly; a keyed map prints an object of key: value. */
    const keyed = (v: JsonValue): v is JsonObject => isJsonObject(v) && !(type === 'stats' && isStatsShape(v));
    for (const [map, v] of data) {
      if (!isMapName(map)) return this.unparsed(text, ts);
      if (!keyed(v)) {
        if (!one(map, [], v)) return this.unparsed(text, ts);
        continue;
      }
      for (const [key, item] of v) if (!one(map, keyOf(key), item)) return this.unparsed(text, ts);
    }
    for (const event of events) event();
    // bpftrace 0.17 prints its last hist bucket (2^31 and up) as {"min": -2147483648, "max": 0}.
    if (badBuckets > 0) this.unparsed(text, ts);
  }

  /** Program output: one printf event per complete line; a blank line gives none, as in text. */
  private print(chunk: string, ts: number): void {
    let nl = chunk.indexOf('\n');
    if (nl === -1) {
      if (this.partial.length === 0) this.partialTs = ts;
      this.partial += chunk;
      if (this.partial.length >= MAX_PARTIAL) this.flush();
      return;
    }
    // The first line completes whatever an earlier record left without its newline.
    this.printLine(this.partial + chunk.slice(0, nl), this.partial.length > 0 ? this.partialTs : ts);
    this.partial = '';
    let from = nl + 1;
    while ((nl = chunk.indexOf('\n', from)) !== -1) {
      this.printLine(chunk.slice(from, nl), ts);
      from = nl + 1;
    }
    if (from < chunk.length) {
      this.partial = chunk.slice(from);
      this.partialTs = ts;
    }
  }

  private printLine(line: string, ts: number): void {
    const message = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    if (message.length > 0) this.emit(ts, 'bpftrace.printf', { message });
  }

  private flush(): void {
    if (this.partial.length === 0) return;
    const message = this.partial;
    this.partial = '';
    this.printLine(message, this.partialTs);
  }

  private unparsed(text: string, ts: number): void {
    this.emit(ts, 'tool.diagnostic', { level: 'unparsed', message: text, stream: 'stdout' });
  }
}
