// hist() and lhist() buckets: the text bucket lines and the -f json bucket objects.
import { BAD_BUCKET, type Bucket, checkBucket, follows } from '../../core/hist-buckets.js';
import { isJsonObject, type JsonValue } from './ordered-json.js';

// The text bucket lines are read in core, where every probe that reads a bpftrace hist() finds them.
export { BAD_BUCKET, type Bucket, checkBucket, follows, parseBucketLine } from '../../core/hist-buckets.js';

/** Bucket objects of a -f json hist record (no "min" or "max" for an open end), or undefined. */
export function bucketsFromJson(value: JsonValue): { buckets: Bucket[]; bad: number } | undefined {
  if (!Array.isArray(value)) return undefined;
  const buckets: Bucket[] = [];
  let bad = 0;
  for (const item of value) {
    if (!isJsonObject(item)) return undefined;
    let min: number | null = null;
    let max: number | null = null;
    let count: number | undefined;
    for (const [k, v] of item) {
      const n = typeof v === 'number' ? v : v === null ? null : undefined;
      if (n === undefined) return undefined;
      if (k === 'min') min = n;
      else if (k === 'max') max = n;
      else if (k === 'count' && n !== null) count = n;
      else return undefined;
    }
    if (count === undefined) return undefined;
    const bucket = checkBucket(min, max, count);
    if (bucket !== BAD_BUCKET && follows(buckets[buckets.length - 1], bucket)) buckets.push(bucket);
    else bad++;
  }
  return { buckets, bad };
}
