// Splits a byte stream into lines: CRLF-tolerant, non-UTF-8 bytes escaped as \xNN, lines bounded.
import { isUtf8 } from 'node:buffer';
import { isUtf8Range, utf8SequenceLength } from './utf8.js';

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

export interface LineHandler {
  line(text: string, ts: number): void;
  /** A line longer than the bound: its first maxLineBytes are passed on, the rest is dropped. */
  overlong(text: string, droppedBytes: number, ts: number): void;
  /** Input ended with bytes after the last newline (a half-written line). */
  partial(text: string, ts: number): void;
  /**
   * When present, offered each complete line as bytes, line[start, end) without its newline and CR, before any
   * decoding; true when it took the line, false to get it through line(). notUtf8: the line is not valid UTF-8,
   * and taking it means reading each byte that starts no valid sequence as decodeBytes does (\xNN).
   */
  bytes?(line: Buffer, start: number, end: number, ts: number, notUtf8: boolean): boolean;
}

/** Decodes bytes as UTF-8; a byte that is not part of valid UTF-8 becomes the text \xNN. */
export function decodeBytes(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  // Runs of valid sequences are decoded whole: a decode per character cost about 10 µs per line of 80 bytes.
  let out = '';
  let run = 0;
  let i = 0;
  while (i < bytes.length) {
    const len = utf8SequenceLength(bytes, i, bytes.length);
    if (len > 0) {
      i += len;
      continue;
    }
    if (run < i) out += bytes.toString('utf8', run, i);
    out += '\\x' + bytes[i]!.toString(16).padStart(2, '0');
    run = ++i;
  }
  if (run < i) out += bytes.toString('utf8', run, i);
  return out;
}

const NEWLINE = 10;
const CR = 13;

/**
 * The most text decoded into one string. V8 puts a string over 128 KB among its large objects, which only a full
 * collection frees: a parse reading 256 KB at a time grew by each chunk's text until one came (`parse execsnoop
 * --format summary` of 16.5 MB of execsnoop.bt output peaked at 105 MB, and at 82 MB decoded in pieces).
 */
const DECODE_BYTES = 1 << 16;
/** Lines declined in a row after which offerEach decodes the next piece as text. */
const DECLINES_BEFORE_PIECE = 4;

/** Lines up to this long are decoded in JavaScript when ASCII: a call into Buffer's decoder costs more than such a line. */
const SHORT_LINE = 8;

/**
 * The valid UTF-8 line bytes[from, end) as text. A short ASCII line (an argument's end after its newline in execsnoop's
 * output, a blank or a brace) is made from its character codes: 10 ns where toString took 68 (2 bytes, 2,000,000 times).
 */
function decodeLine(bytes: Buffer, from: number, end: number): string {
  if (end - from > SHORT_LINE) return bytes.toString('utf8', from, end);
  return asciiText(bytes, from, end) ?? bytes.toString('utf8', from, end);
}

/** bytes[from, end) as text made from its character codes when all are ASCII; undefined otherwise. */
export function asciiText(bytes: Uint8Array, from: number, end: number): string | undefined {
  let text = '';
  for (let i = from; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return undefined;
    text += String.fromCharCode(c);
  }
  return text;
}

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the current line thrown away past the bound. */
  private dropped = 0;

  constructor(
    private readonly handler: LineHandler,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer, ts: number): void {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, 0);
    if (nl !== -1 && this.pendingBytes + this.dropped > 0) {
      this.append(chunk.subarray(0, nl), ts);
      this.finishPending(ts);
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (nl !== -1) {
      // Every complete line in this chunk: when the bytes are valid UTF-8, offered as bytes or decoded once.
      const lastNl = chunk.lastIndexOf(NEWLINE);
      const whole = chunk.subarray(start, lastNl);
      if (!isUtf8(whole)) this.emitEach(whole, ts);
      else if (this.handler.bytes !== undefined) this.offerEach(chunk, start, lastNl, ts);
      else this.emitDecodedRange(chunk, start, lastNl, ts);
      start = lastNl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start), ts);
  }

  end(ts: number): void {
    if (this.pendingBytes + this.dropped === 0) return;
    const text = this.takePending();
    if (this.dropped > 0) this.handler.overlong(text, this.dropped, ts);
    else this.handler.partial(text, ts);
    this.dropped = 0;
  }

  /** The lines of chunk[from, to) (valid UTF-8, to at a newline) decoded in pieces of DECODE_BYTES at most, cut after a newline. */
  private emitDecodedRange(chunk: Buffer, from: number, to: number, ts: number): void {
    while (to - from > DECODE_BYTES) {
      const nl = chunk.lastIndexOf(NEWLINE, from + DECODE_BYTES);
      if (nl < from) break; // a line longer than a piece: decoded whole with the rest
      this.emitDecoded(chunk.toString('utf8', from, nl), ts);
      from = nl + 1;
    }
    this.emitDecoded(chunk.toString('utf8', from, to), ts);
  }

  private emitDecoded(text: string, ts: number): void {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const stop = nl === -1 ? text.length : nl;
      let line = text.slice(from, stop);
      if (line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
      this.emitLine(line, ts);
      if (nl === -1) return;
      from = nl + 1;
    }
  }

  /** A decoded line without its newline, cut to the bound where it is longer. */
  private emitLine(line: string, ts: number): void {
    if (line.length > this.maxLineBytes && Buffer.byteLength(line) > this.maxLineBytes) this.emitBytes(Buffer.from(line), ts);
    else this.handler.line(line, ts);
  }

  /**
   * The lines of chunk[from, lastNl] (valid UTF-8) offered as bytes. A line the handler does not take
   * (or one over the bound) is decoded alone and passed on as text; from the DECLINES_BEFORE_PIECE-th in
   * a row, the next DECODE_BYTES go as text, decoded at once: those lines are most likely not taken
   * either (a layout without a byte path), and decoding line by line costs more than decoding a piece.
   * The lines after that piece are offered again: the lines that did not fit were often a tool's banner
   * and header, after which every row fits. A few declined in a row are not enough: a histogram's
   * heading is two or three lines (biolatency's "flags = ..." and unit header) before rows that fit.
   */
  private offerEach(chunk: Buffer, from: number, lastNl: number, ts: number): void {
    const handler = this.handler;
    const offer = handler.bytes!;
    let declined = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, from);
      const end = nl > from && chunk[nl - 1] === CR ? nl - 1 : nl;
      if (end - from <= this.maxLineBytes && offer.call(handler, chunk, from, end, ts, false)) declined = 0;
      else if (++declined === DECLINES_BEFORE_PIECE) {
        // This line, and the whole lines of the piece that starts with it, as text.
        const pieceNl = lastNl - from <= DECODE_BYTES ? lastNl : chunk.lastIndexOf(NEWLINE, from + DECODE_BYTES);
        const stop = Math.max(pieceNl, nl); // a line longer than a piece: that line alone
        this.emitDecoded(chunk.toString('utf8', from, stop), ts);
        if (stop === lastNl) return;
        from = stop + 1;
        declined = 0;
        continue;
      } else this.emitLine(decodeLine(chunk, from, end), ts);
      if (nl === lastNl) return;
      from = nl + 1;
    }
  }

  /**
   * The lines of a chunk that holds bytes that are not UTF-8: each line is still offered as bytes, marked when it is
   * not valid UTF-8 (a tool that prints an argument's raw bytes, as execsnoop does, has a writer that reads them);
   * the lines not taken are decoded one by one.
   */
  private emitEach(bytes: Buffer, ts: number): void {
    const handler = this.handler;
    let from = 0;
    for (;;) {
      const nl = bytes.indexOf(NEWLINE, from);
      const stop = nl === -1 ? bytes.length : nl;
      const end = stop > from && bytes[stop - 1] === CR ? stop - 1 : stop;
      // Offered in place, as offerEach does: a Buffer per line cost as much as the row writer itself.
      const valid = isUtf8Range(bytes, from, end);
      const fits = end - from <= this.maxLineBytes;
      const taken = handler.bytes !== undefined && fits && handler.bytes(bytes, from, end, ts, !valid);
      if (!taken && valid && fits)
        handler.line(decodeLine(bytes, from, end), ts); // what emitBytes gives, without a Buffer
      else if (!taken) this.emitBytes(bytes.subarray(from, stop), ts);
      if (nl === -1) return;
      from = nl + 1;
    }
  }

  private emitBytes(line: Buffer, ts: number): void {
    let end = line.length;
    if (end > 0 && line[end - 1] === CR) end--;
    if (end > this.maxLineBytes) {
      this.handler.overlong(decodeBytes(line.subarray(0, this.maxLineBytes)), end - this.maxLineBytes, ts);
      return;
    }
    this.handler.line(decodeBytes(line.subarray(0, end)), ts);
  }

  private append(bytes: Buffer, _ts: number): void {
    const room = this.maxLineBytes + 1 - this.pendingBytes;
    if (room <= 0) {
      this.dropped += bytes.length;
      return;
    }
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    this.dropped += bytes.length - kept.length;
    // Copy: the caller may reuse its buffer.
    this.pending.push(Buffer.from(kept));
    this.pendingBytes += kept.length;
  }

  private finishPending(ts: number): void {
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    const dropped = this.dropped;
    this.pending = [];
    this.pendingBytes = 0;
    this.dropped = 0;
    let end = joined.length;
    if (end > 0 && joined[end - 1] === CR && dropped === 0) end--;
    if (dropped > 0 || end > this.maxLineBytes) {
      const keep = Math.min(end, this.maxLineBytes);
      this.handler.overlong(decodeBytes(joined.subarray(0, keep)), dropped + end - keep, ts);
      return;
    }
    this.handler.line(decodeBytes(joined.subarray(0, end)), ts);
  }

  private takePending(): string {
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return decodeBytes(joined);
  }
}
