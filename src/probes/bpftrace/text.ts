// bpftrace's default text output: @map lines, stack keys over several lines, hist and lhist
// blocks, stats, bpftrace's own notices on stdout, and every other line as program output.
import { classifyToolLine } from '../../core/diagnostics.js';
import type { DiagnosticLevel } from '../../events/index.js';
import { BAD_BUCKET, follows, parseBucketLine, type Bucket } from './hist.js';
import { frameOf, isCanonicalInt, joinFrames, scalarValue, splitKey, type KeyPart } from './key.js';
import type { Emit } from './layouts.js';

/** Bounds the lines one block may hold: a runaway block is closed, not grown without limit. */
const MAX_BLOCK_LINES = 100_000;

type State =
  | { kind: 'none' }
  /** "@m[k]: " with nothing after the colon: a hist, a stack value or an empty string follows. */
  | { kind: 'value'; ts: number; map: string; key: KeyPart[] }
  | { kind: 'hist'; ts: number; map: string; key: KeyPart[]; buckets: Bucket[] }
  | { kind: 'stack'; ts: number; map: string; key: KeyPart[]; frames: string[] }
  /** A key holding a stack spans lines: `@m[` (or `@m[comm, `), indented frames, `]: value`. */
  | { kind: 'key'; ts: number; map: string; content: string[]; raw: { text: string; ts: number }[] }
  /** After a located warning ("stdin:1:14-15: WARNING: ...") bpftrace prints the source line... */
  | { kind: 'source'; level: DiagnosticLevel }
  /** ...and a line of "~" under the spot; the source line waits here until that is confirmed. */
  | { kind: 'caret'; level: DiagnosticLevel; text: string; ts: number };

const NONE: State = { kind: 'none' };

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Index of the "]" that closes a key: the first "]: ", or a "]:" ending the line; else -1. */
function keyClose(text: string, from: number): number {
  const i = text.indexOf(']: ', from);
  if (i !== -1) return i;
  return text.length - 2 >= from && text.endsWith(']:') ? text.length - 2 : -1;
}

/** "count 1, average 10, total 10", the value of a stats() map. */
function parseStats(value: string): { count: number; average: number; total: number } | undefined {
  if (!value.startsWith('count ')) return undefined;
  const a = value.indexOf(', average ', 6);
  if (a === -1) return undefined;
  const t = value.indexOf(', total ', a + 10);
  if (t === -1) return undefined;
  const parts = [value.slice(6, a), value.slice(a + 10, t), value.slice(t + 8)];
  if (!parts.every(isCanonicalInt)) return undefined;
  const [count, average, total] = parts.map(Number) as [number, number, number];
  return Number.isSafeInteger(count) && count >= 0 ? { count, average, total } : undefined;
}

/** "stdin:1:14-15: WARNING: ..." or "prog.bt:3:5: ERROR: ...": bpftrace's own located notice. */
function isLocated(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon <= 0) return false;
  const c = text.charCodeAt(colon + 1);
  if (c < 48 || c > 57) return false;
  return colon === 5 ? text.startsWith('stdin') : text.startsWith('.bt', colon - 3);
}

/** The marker line under a located notice: spaces and at least one "~" or "^". */
function isCaretLine(text: string): boolean {
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 126 || c === 94) marks++;
    else if (c !== 32) return false;
  }
  return marks > 0;
}

export class TextReader {
  private state: State = NONE;

  constructor(private readonly emit: Emit) {}

  line(text: string, ts: number): void {
    const s = this.state;
    switch (s.kind) {
      case 'none':
        return this.fresh(text, ts);
      case 'value': {
        const bucket = parseBucketLine(text);
        if (bucket !== undefined) {
          this.state = { kind: 'hist', ts: s.ts, map: s.map, key: s.key, buckets: [] };
          return this.bucket(bucket, text, ts);
        }
        this.state = NONE;
        // An empty hist prints its "@m: " line and then only the blank line that ends it.
        if (text.length === 0) return this.emit(s.ts, 'bpftrace.hist', { map: s.map, key: s.key, buckets: [] });
        const frame = frameOf(text);
        if (frame !== undefined) {
          this.state = { kind: 'stack', ts: s.ts, map: s.map, key: s.key, frames: frame.length > 0 ? [frame] : [] };
          return;
        }
        this.emit(s.ts, 'bpftrace.map', { map: s.map, key: s.key, value: '' });
        return this.fresh(text, ts);
      }
      case 'hist': {
        const bucket = parseBucketLine(text);
        if (bucket !== undefined && s.buckets.length < MAX_BLOCK_LINES) return this.bucket(bucket, text, ts);
        this.close();
        return this.fresh(text, ts);
      }
      case 'stack': {
        const frame = frameOf(text);
        if (frame !== undefined && s.frames.length < MAX_BLOCK_LINES) {
          if (frame.length > 0) s.frames.push(frame);
          return;
        }
        this.close();
        return this.fresh(text, ts);
      }
      case 'key':
        return this.keyLine(s, text, ts);
      case 'source':
        this.state = text.length === 0 ? NONE : { kind: 'caret', level: s.level, text, ts };
        return;
      case 'caret':
        this.state = NONE;
        if (isCaretLine(text)) {
          this.diagnostic(s.level, s.text, s.ts);
          return this.diagnostic(s.level, text, ts);
        }
        this.fresh(s.text, s.ts);
        return this.line(text, ts);
    }
  }

  /** Input ended or another layout spoke: completes whatever block is open. */
  end(): void {
    while (this.state.kind !== 'none') this.close();
  }

  private close(): void {
    const s = this.state;
    this.state = NONE;
    switch (s.kind) {
      case 'value':
        return this.emit(s.ts, 'bpftrace.map', { map: s.map, key: s.key, value: '' });
      case 'hist':
        return this.emit(s.ts, 'bpftrace.hist', { map: s.map, key: s.key, buckets: s.buckets });
      case 'stack':
        return this.emit(s.ts, 'bpftrace.map', { map: s.map, key: s.key, value: joinFrames(s.frames) });
      case 'key':
        for (const raw of s.raw) this.diagnostic('unparsed', raw.text, raw.ts);
        return;
      case 'caret':
        return this.fresh(s.text, s.ts);
      default:
        return;
    }
  }

  /** A line with no block open. */
  private fresh(text: string, ts: number): void {
    if (text.length === 0) return;
    if (text.charCodeAt(0) === 64 && this.mapLine(text, ts)) return;
    const classified = classifyToolLine(text);
    if (classified !== undefined) {
      if (classified.kind === 'skip') return;
      if (classified.kind === 'lost') {
        const body = classified.cpu === undefined ? { count: classified.count } : { count: classified.count, cpu: classified.cpu };
        return this.emit(ts, 'tool.lost', body);
      }
      // Only bpftrace's located notices: a program may well printf("ERROR: ...") itself.
      if (isLocated(text)) {
        this.diagnostic(classified.level, text, ts);
        this.state = { kind: 'source', level: classified.level };
        return;
      }
    }
    this.emit(ts, 'bpftrace.printf', { message: text });
  }

  /** "@name: value", "@name[key]: value", or the first line of a key holding a stack. */
  private mapLine(text: string, ts: number): boolean {
    const next = this.entry(text, 0, ts);
    if (next === false) return false;
    this.more(text, next, ts);
    return true;
  }

  /**
   * bpftrace 0.17 prints maps whose values are ksym, usym or inet with no newline between
   * entries ("@s[1]: 0x1@s[2]: 0x2"): from `from` on, such a line holds further entries.
   */
  private more(text: string, from: number | undefined, ts: number): void {
    while (from !== undefined) {
      const next: number | undefined | false = this.entry(text, from, ts);
      if (next === false) return this.diagnostic('unparsed', text.slice(from), ts);
      from = next;
    }
  }

  /**
   * The entry starting at from. False when it is not a map line; else the index of a further
   * entry on the same line, or undefined.
   */
  private entry(text: string, from: number, ts: number): number | undefined | false {
    let nameEnd = from + 1;
    while (isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
    const map = text.slice(from, nameEnd);
    const c = text.charCodeAt(nameEnd);
    if (c === 58) {
      // ":" then a space and the value; a hist's line ends "@m: " (or "@m:" once trimmed)
      if (nameEnd + 1 === text.length) return this.value(ts, map, [], text, text.length);
      if (text.charCodeAt(nameEnd + 1) !== 32) return false;
      return this.value(ts, map, [], text, nameEnd + 2);
    }
    if (c !== 91) return false;
    const close = keyClose(text, nameEnd + 1);
    if (close !== -1) return this.value(ts, map, splitKey(text.slice(nameEnd + 1, close), ', '), text, close + 3);
    // A key that goes on over lines starts "@m[" or ends in a part's ", " before a stack.
    const partial = text.slice(nameEnd + 1);
    if (partial.length > 0 && !partial.endsWith(', ')) return false;
    this.state = { kind: 'key', ts, map, content: [partial], raw: [{ text, ts }] };
    return undefined;
  }

  private keyLine(s: Extract<State, { kind: 'key' }>, text: string, ts: number): void {
    const frame = frameOf(text);
    const continues = frame !== undefined || text.startsWith(']') || text.startsWith(', ');
    if (!continues || s.raw.length >= MAX_BLOCK_LINES) {
      this.close();
      return this.fresh(text, ts);
    }
    s.raw.push({ text, ts });
    const close = frame === undefined ? keyClose(text, 0) : -1;
    if (close === -1) {
      s.content.push(text);
      return;
    }
    s.content.push(text.slice(0, close));
    this.state = NONE;
    this.more(text, this.value(s.ts, s.map, splitKey(s.content.join('\n'), ', '), text, close + 3), ts);
  }

  /**
   * The value, text from `from` on: empty (a block follows), stats, or a scalar. Returns the
   * index of a further entry run into this one, if any.
   */
  private value(ts: number, map: string, key: KeyPart[], text: string, from: number): number | undefined {
    if (from >= text.length) {
      this.state = { kind: 'value', ts, map, key };
      return undefined;
    }
    let end = text.length;
    let next: number | undefined;
    if (key.length > 0) {
      const at = text.indexOf(map + '[', from + 1);
      if (at !== -1 && text.indexOf(']: ', at) !== -1) end = next = at;
    }
    const value = text.slice(from, end);
    const stats = parseStats(value);
    if (stats !== undefined) this.emit(ts, 'bpftrace.stats', { map, key, ...stats });
    else this.emit(ts, 'bpftrace.map', { map, key, value: scalarValue(value) });
    return next;
  }

  private bucket(bucket: Bucket | typeof BAD_BUCKET, text: string, ts: number): void {
    const buckets = (this.state as Extract<State, { kind: 'hist' }>).buckets;
    if (bucket === BAD_BUCKET || !follows(buckets[buckets.length - 1], bucket)) return this.diagnostic('unparsed', text, ts);
    buckets.push(bucket);
  }

  private diagnostic(level: DiagnosticLevel, message: string, ts: number): void {
    this.emit(ts, 'tool.diagnostic', { level, message, stream: 'stdout' });
  }
}
