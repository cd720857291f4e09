// A histogram's block.latency event written as JSON members from its buckets: what jsonMembers gives for the body
// BiolatencyParser.emit() builds, without the body, its buckets' objects walked once more, or a string encoded.
import { putJsonNumber, putJsonNumberAt, putNumberMember, putRaw, RecurringStringMember } from '../../core/json-bytes-members.js';
import { asciiKey, putKey } from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import type { Bucket } from '../../core/hist-buckets.js';

/** A histogram as the parser keeps it while reading it: what its event says of it. */
export interface Histogram {
  device: string;
  dev?: string;
  flags?: string;
  unit: string;
  buckets: readonly Bucket[];
  count: number;
}

/** One event: its histogram and what the parser adds; an undefined member is left out, as jsonMembers leaves it. */
export interface HistMembers {
  hist: Histogram;
  intervalMs: number | undefined;
  queued: boolean | undefined;
  time: string | undefined;
}

const COUNT = asciiKey(',"count":');
const BUCKETS = asciiKey(',"buckets":[');
const MIN = asciiKey('{"min":');
const MAX = asciiKey(',"max":');
const NULL = asciiKey('null');
const INTERVAL_MS = Buffer.from(',"interval_ms":');
const QUEUED = Buffer.from(',"queued":true');
const NOT_QUEUED = Buffer.from(',"queued":false');
/** The most a bucket takes: its keys and braces (24 bytes) and three numbers of at most 24 bytes each. */
const BUCKET_BYTES = 96;
/** putKey stores 8 bytes for a key of 4 to 7: room past the last one. */
const KEY_OVERRUN = 4;

/** A writer of histograms' members, with the bytes of the strings they repeat (one per parser). */
export class HistJsonWriter {
  private readonly device = new RecurringStringMember('device');
  private readonly dev = new RecurringStringMember('dev');
  private readonly flags = new RecurringStringMember('flags');
  private readonly unit = new RecurringStringMember('unit');
  private readonly time = new RecurringStringMember('time');

  /** The members in the order the body has them. */
  write(out: JsonBytes, { hist, intervalMs, queued, time }: HistMembers): void {
    this.device.put(out, hist.device);
    if (hist.dev !== undefined) this.dev.put(out, hist.dev);
    if (hist.flags !== undefined) this.flags.put(out, hist.flags);
    this.unit.put(out, hist.unit);
    out.reserve(BUCKETS.length + hist.buckets.length * BUCKET_BYTES + 1 + KEY_OVERRUN);
    const { bytes, view } = out;
    let at = putKey(view, out.length, BUCKETS);
    for (let i = 0; i < hist.buckets.length; i++) {
      const bucket = hist.buckets[i]!;
      if (i > 0) bytes[at++] = 44; // ,
      at = putKey(view, at, MIN);
      at = bucket.min === null ? putKey(view, at, NULL) : putJsonNumberAt(bytes, at, bucket.min);
      at = putKey(view, at, MAX);
      at = bucket.max === null ? putKey(view, at, NULL) : putJsonNumberAt(bytes, at, bucket.max);
      at = putKey(view, at, COUNT);
      at = putJsonNumberAt(bytes, at, bucket.count);
      bytes[at++] = 125; // }
    }
    bytes[at++] = 93; // ]
    out.length = at;
    putNumberMember(out, COUNT, hist.count);
    if (intervalMs !== undefined) {
      putRaw(out, INTERVAL_MS);
      putJsonNumber(out, intervalMs);
    }
    if (queued !== undefined) putRaw(out, queued ? QUEUED : NOT_QUEUED);
    if (time !== undefined) this.time.put(out, time);
  }
}
