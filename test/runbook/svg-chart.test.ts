import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { seriesChart } from '../../src/runbook/svg-chart.js';
import { probectl } from '../cli/cli-process.js';
import { tempDir } from '../temp-dir.js';

const hms = (ts: number) => new Date(ts).toISOString().slice(11, 19);
const T0 = Date.UTC(2026, 10, 22, 6, 0, 0);

/** The chart's polylines as [x, y] points, and its two time labels. */
function read(svg: string): { lines: number[][][]; labels: string[] } {
  const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' ').map((p) => p.split(',').map(Number)));
  const labels = [...svg.matchAll(/class="tick">(\d\d:\d\d:\d\d) UTC</g)].map((m) => m[1]!);
  return { lines, labels };
}

describe('the HTML report chart of events per second', () => {
  it('spans the whole observation window and draws each line across it, down to 0 after the peak', () => {
    // Events in seconds 2 and 3 only (the peak last) of a 12 s window.
    const series = { start_ts: T0 + 2000, bucket_s: 1, by_type: { 'tcp.drop': [1, 5] } };
    const svg = seriesChart(series, { start: T0, end: T0 + 12_000 });
    const { lines, labels } = read(svg);
    assert.deepEqual(labels, [hms(T0), hms(T0 + 12_000)]);
    const points = lines[0]!;
    assert.equal(points.length, 12, 'one point a second over the 12 s');
    const ys = points.map(([, y]) => y!);
    const base = Math.max(...ys);
    assert.deepEqual(
      ys.map((y) => y === base),
      [true, true, false, false, true, true, true, true, true, true, true, true],
      '0 before the events, 1 and 5 in seconds 2 and 3, 0 after',
    );
    const xs = points.map(([x]) => x!);
    assert.ok(xs[0]! < 56 + 828 * 0.05 && xs.at(-1)! > 56 + 828 * 0.95, `from the left edge to the right: ${xs[0]} .. ${xs.at(-1)}`);
  });

  it('without a window, spans the series alone', () => {
    const { labels, lines } = read(seriesChart({ start_ts: T0, bucket_s: 2, by_type: { 'file.open': [3, 0, 1] } }));
    assert.deepEqual(labels, [hms(T0), hms(T0 + 6000)]);
    assert.equal(lines[0]!.length, 3);
  });

  it('in a report of recordings, the axis is the window the header says was observed', () => {
    const file = join(tempDir('pctl-chart-'), 'report.html');
    const run = probectl(['runbook', 'run', 'runbooks/tcp-health.yaml', '--replay', 'recordings/runbooks/tcp-clean', '--report', file]);
    assert.equal(run.code, 0, run.stderr);
    const observed = /observed ([\d.]+) s from (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(run.stdout);
    assert.ok(observed, run.stdout);
    const start = Date.parse(observed[2]!.replace(' ', 'T') + 'Z');
    const html = readFileSync(file, 'utf8');
    const chart = html.slice(html.indexOf('<h3>Events per second, per type</h3>'));
    const { labels } = read(chart);
    const seconds = (label: string) => Date.parse(`1970-01-01T${label}Z`) / 1000;
    const span = seconds(labels[1]!) - seconds(labels[0]!);
    assert.equal(labels[0], hms(start));
    assert.ok(Math.abs(span - Number(observed[1])) <= 1, `the axis spans ${span} s, the header says ${observed[1]} s`);
  });
});
