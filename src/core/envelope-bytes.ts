// The UTF-8 of an event's JSON up to and with its seq, for one type, source and ts: the seq's digits counted up in place.
import { putUint } from './json-from-bytes.js';

/** Room for a seq's digits: Number.MAX_SAFE_INTEGER has 16. */
const SEQ_ROOM = 16;
const NINE = 57;
const ZERO = 48;

/**
 * Events written as bytes take consecutive seqs: the last digit changes, and a carry now and then. Counting up
 * in place spares writing every digit of each seq (putUint divides once per digit) and a second copy into the batch.
 */
export class EnvelopeBytes {
  /** The envelope up to its seq ('{"type":...,"seq":'), then room for the seq's digits. */
  private readonly buffer: Buffer;
  private readonly seqStart: number;
  /** The seq whose digits follow the envelope in `buffer`, or -1 when none do yet. */
  private seq = -1;
  /** buffer[0, the end of the seq's digits): made again only when the seq gains a digit. */
  private withSeq: Buffer;

  constructor(
    readonly ts: number,
    /** The envelope up to its seq alone. */
    readonly prefix: Buffer,
  ) {
    this.buffer = Buffer.allocUnsafe(prefix.length + SEQ_ROOM);
    prefix.copy(this.buffer);
    this.seqStart = prefix.length;
    this.withSeq = prefix;
  }

  /** The envelope with `seq` after it. */
  upTo(seq: number): Buffer {
    if (seq === this.seq) return this.withSeq;
    if (seq !== this.seq + 1 || !this.countUp()) this.withSeq = this.buffer.subarray(0, putUint(this.buffer, this.seqStart, seq));
    this.seq = seq;
    return this.withSeq;
  }

  /** Adds one to the digits in place; false when they were all nines (or none), as the seq then gains a digit. */
  private countUp(): boolean {
    const digits = this.buffer;
    for (let i = this.withSeq.length - 1; i >= this.seqStart; i--) {
      if (digits[i] !== NINE) {
        digits[i]!++;
        return true;
      }
      digits[i] = ZERO;
    }
    return false;
  }
}
