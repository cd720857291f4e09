// A histogram's block.latency event written as JSON members from its buckets: what jsonMembers gives for the body
// BiolatencyParser.emit() builds, without the body, its buckets' objects walked once more, or a string encoded.
import { putJsonNumber, putJsonNumberAt, putNumberMember, putRaw, RecurringStringMember } from '../../core/json-bytes-members.js';
import { asciiKey, putKey } from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import type { Bucket } from '../../core/hist-buckets.js';

/** The members of one event, in the order the body has them; an undefined one is left out, as jsonMembers leaves it. */
export interface HistMembers {
  device: string;
  dev: string | undefined;
  flags: string | undefined;
  unit: string;
  buckets: readonly Bucket[];
  count: number;
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

  write(out: JsonBytes, h: HistMembers): void {
    this.device.put(out, h.device);
    if (h.dev !== undefined) this.dev.put(out, h.dev);
    if (h.flags !== undefined) this.flags.put(out, h.flags);
    this.unit.put(out, h.unit);
    out.reserve(BUCKETS.length + h.buckets.length * BUCKET_BYTES + 1 + KEY_OVERRUN);
    const { bytes, view } = out;
    let at = putKey(view, out.length, BUCKETS);
    for (let i = 0; i < h.buckets.length; i++) {
      const bucket = h.buckets[i]!;
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
    putNumberMember(out, COUNT, h.count);
    if (h.intervalMs !== undefined) {
      putRaw(out, INTERVAL_MS);
      putJsonNumber(out, h.intervalMs);
    }
    if (h.queued !== undefined) putRaw(out, h.queued ? QUEUED : NOT_QUEUED);
    if (h.time !== undefined) this.time.put(out, h.time);
  }
}
