// Inline SVG charts for the HTML report: events per second per type over time, and horizontal bars. No script, no font file.
import type { Series } from '../summary/report.js';
import { escapeHtml as esc } from './escape.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const hms = (ts: number): string => new Date(ts).toISOString().slice(11, 19);

/** A round number at or above n, for the top of an axis. */
function ceilNice(n: number): number {
  if (n <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= n) ?? 10) * magnitude;
}

/**
 * Events per second of each type, bucket by bucket, as lines (with a dot per bucket while there are few), over the
 * observation window when one is given (as the report's header states it): the buckets before the first event and
 * after the last count as 0, so each line runs the whole window.
 */
export function seriesChart(series: Series, window?: { start: number; end: number }, width = 900, height = 260): string {
  const types = Object.entries(series.by_type).filter(([, counts]) => counts.some((n) => n > 0));
  if (types.length === 0) return '<p class="muted">No events to chart.</p>';
  const bucketMs = series.bucket_s * 1000;
  const length = Math.max(...types.map(([, c]) => c.length));
  const from = window?.start ?? series.start_ts;
  const to = window?.end ?? series.start_ts + length * bucketMs;
  // The buckets covering [from, to]: `first` may be before the series' first bucket (negative), each outside it is 0.
  const first = Math.floor((from - series.start_ts) / bucketMs);
  const last = Math.ceil((to - series.start_ts) / bucketMs) - 1;
  const indices = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  const rates = types.map(([type, counts]) => [type, indices.map((i) => (counts[i] ?? 0) / series.bucket_s)] as const);
  const top = ceilNice(Math.max(...rates.flatMap(([, r]) => r)));
  const pad = { left: 56, right: 16, top: 12, bottom: 40 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  // Each bucket's value at its middle, kept inside the axis where a bucket straddles the window's edge.
  const x = (k: number) => {
    const t = Math.min(to, Math.max(from, series.start_ts + (indices[k]! + 0.5) * bucketMs));
    return pad.left + (to === from ? 0.5 : (t - from) / (to - from)) * w;
  };
  const y = (v: number) => pad.top + h - (v / top) * h;
  const parts: string[] = [];
  for (const v of [0, top / 2, top]) {
    parts.push(`<line x1="${pad.left}" x2="${pad.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${esc(String(Math.round(v * 100) / 100))}</text>`);
  }
  parts.push(`<text x="${pad.left}" y="${height - 22}" class="tick">${esc(hms(from))} UTC</text>`);
  parts.push(`<text x="${pad.left + w}" y="${height - 22}" text-anchor="end" class="tick">${esc(hms(to))} UTC</text>`);
  parts.push(`<text x="${pad.left + w / 2}" y="${height - 22}" text-anchor="middle" class="tick">buckets of ${esc(String(series.bucket_s))} s</text>`);
  parts.push(`<text transform="translate(14 ${pad.top + h / 2}) rotate(-90)" text-anchor="middle" class="tick">events/s</text>`);
  rates.forEach(([type, values], k) => {
    const colour = PALETTE[k % PALETTE.length]!;
    const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"><title>${esc(type)}</title></polyline>`);
    if (values.length <= 120)
      for (const [i, v] of values.entries())
        if (v > 0)
          parts.push(
            `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${colour}"><title>${esc(`${type}: ${v} events/s at ${hms(series.start_ts + indices[i]! * bucketMs)}`)}</title></circle>`,
          );
    // The legend: four to a row, under the axis.
    const lx = pad.left + (k % 4) * (w / 4);
    const ly = height - 4 + Math.floor(k / 4) * 16;
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colour}"/><text x="${lx + 14}" y="${ly}" class="legend">${esc(type)}</text>`);
  });
  const total = height + (Math.ceil(types.length / 4) - 1) * 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="events per second per type" viewBox="0 0 ${width} ${total}" width="${width}" height="${total}">${parts.join('')}</svg>`;
}

/** One horizontal bar per item, its value at its end. */
export function barChart(items: ReadonlyArray<{ label: string; value: number }>, width = 900): string {
  if (items.length === 0) return '';
  const row = 22;
  const labelW = 260;
  const max = Math.max(...items.map((i) => i.value), 1);
  const barW = width - labelW - 80;
  const bars = items.map((item, k) => {
    const y = k * row;
    const w = Math.max(1, (item.value / max) * barW);
    return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="legend">${esc(item.label)}</text><rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="14" fill="#d62728"/><text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}" class="legend">${esc(String(item.value))}</text>`;
  });
  const height = items.length * row + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="bar chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars.join('')}</svg>`;
}
