// Counts per time bucket as one line of block characters, squeezed to a terminal's width.

const BLOCKS = '▁▂▃▄▅▆▇█';

/** Adds neighbouring buckets together, `factor` at a time, so that at most `columns` remain. */
export function squeeze(counts: readonly number[], columns: number): { counts: number[]; factor: number } {
  const factor = Math.max(1, Math.ceil(counts.length / columns));
  const out = new Array<number>(Math.ceil(counts.length / factor)).fill(0);
  counts.forEach((n, i) => (out[Math.floor(i / factor)]! += n));
  return { counts: out, factor };
}

/** A bucket with nothing in it is a space, so that a pause shows; the largest is a full block. */
export function sparkline(counts: readonly number[]): string {
  const peak = Math.max(0, ...counts);
  return counts.map((n) => (n === 0 ? ' ' : BLOCKS[Math.min(BLOCKS.length - 1, Math.ceil((n / peak) * BLOCKS.length) - 1)])).join('');
}

/** True when a line of these counts would say something: three buckets or more, and not all alike. */
export function hasShape(counts: readonly number[]): boolean {
  return counts.length >= 3 && counts.some((n) => n !== counts[0]);
}
