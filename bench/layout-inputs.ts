// Large inputs for the layouts benchmark, made from a recording's real rows: its lines before the first row, its rows over and over with pids and ports varied, its closing lines.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineFor } from '../src/api/parse.js';
import type { ProbeEvent } from '../src/events/index.js';
import { readRecording, type RecordingMeta } from '../src/recording/format.js';
import { random } from './random.js';

/** Events that are not about the tool itself: what a row (or a block of rows) becomes. */
const isData = (e: ProbeEvent): boolean => e.type !== 'tool.diagnostic' && e.type !== 'tool.lost' && e.type !== 'probe.status';

export interface LayoutSample {
  /** Its directory under recordings/: <probe>/<case>, or <set>/<case>/<probe>. */
  name: string;
  meta: RecordingMeta;
  /** The layouts its data events carry. */
  layouts: string[];
  /** Lines before the first row: banners, headers. Every line here is its bytes read as latin1, a character a byte. */
  prefix: string[];
  /** The first row to the last line its events need (and the empty line closing a block, where blocks are). */
  body: string[];
  /** What follows, printed once as the tool exits (bpftrace's empty lines for cleared maps). */
  suffix: string[];
  /** Data events one copy of the body gives. */
  bodyEvents: number;
}

function parseLines(meta: RecordingMeta, lines: string[], withImpl: boolean): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  const impl = withImpl ? meta.tool.impl : undefined;
  const pipeline = pipelineFor(
    { tool: meta.parser, layout: meta.layout, impl, probe: meta.probe, host: meta.host, validate: false },
    { onEvent: (e) => events.push(e) },
  );
  pipeline.chunk('stdout', Buffer.from(lines.map((l) => l + '\n').join(''), 'latin1'), 0);
  pipeline.end(0);
  return events;
}

const withoutTimes = ({ ts: _t, seq: _s, ...rest }: ProbeEvent): object => rest;

/** The recording's rows and what comes before them; undefined when it has none (a tool that failed here). */
export function layoutSample(root: string, name: string): LayoutSample | undefined {
  const dir = join(root, name);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as RecordingMeta;
  const text = readFileSync(join(dir, 'stdout'), 'latin1'); // byte for byte: a tool's non-UTF-8 bytes stay what they were
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const all = parseLines(meta, lines, true).filter(isData);
  if (all.length === 0) return undefined;
  // The first row is the first line that, read to the end of input, gives a data event (a block is closed by the end).
  let first = 0;
  while (parseLines(meta, lines.slice(0, first + 1), true).filter(isData).length === 0) first++;
  // An entry or block whose event comes only at its closing line (a stack map's entry, malloc's report): cut off
  // before it, the input gives diagnostics (lines read as unparsed, a report cut off). The first row is where it
  // opens: the last line before which the input reads clean again.
  const diagnostics = (k: number): number => parseLines(meta, lines.slice(0, k), true).filter((e) => e.type === 'tool.diagnostic').length;
  const clean = diagnostics(0);
  while (first > 0 && diagnostics(first) > clean) first--;
  // The last line the events need: cut from the end while reading to the end of input still gives all of them, unchanged.
  const want = JSON.stringify(all.map(withoutTimes));
  let last = lines.length - 1;
  while (last > first && JSON.stringify(parseLines(meta, lines.slice(0, last), true).filter(isData).map(withoutTimes)) === want) last--;
  if (lines.slice(first, last).includes('') && lines[last + 1] === '') last++;
  // A body repeated must give its events each time: an entry whose lines come before the line that gives its event and
  // leave no diagnostic when cut off (probectl's execsnoop program: FILE and ARG lines, then EXEC) starts in the body,
  // or every copy would hold a return whose arguments never come.
  const twice = (f: number): string => {
    const body = lines.slice(f, last + 1);
    return JSON.stringify(
      parseLines(meta, [...lines.slice(0, f), ...body, ...body], true)
        .filter(isData)
        .map(withoutTimes),
    );
  };
  const once = JSON.stringify([...all, ...all].map(withoutTimes));
  while (first > 0 && twice(first) !== once) first--;
  const [prefix, body, suffix] = [lines.slice(0, first), lines.slice(first, last + 1), lines.slice(last + 1)];
  return { name, meta, layouts: [...new Set(all.map((e) => e.source.layout))], prefix, body, suffix, bodyEvents: all.length };
}

/** Every recording directory (one holding meta.json) under root, at any depth, relative to root. */
function recordingNames(root: string, dir = ''): string[] {
  if (existsSync(join(root, dir, 'meta.json'))) return [dir];
  const subdirs = readdirSync(join(root, dir), { withFileTypes: true }).filter((d) => d.isDirectory());
  return subdirs
    .map((d) => d.name)
    .sort()
    .flatMap((name) => recordingNames(root, join(dir, name)));
}

/** Every recording under root that has rows, one per layout: the one with the most data events. */
export function layoutSamples(root: string): LayoutSample[] {
  const best = new Map<string, LayoutSample>();
  for (const name of recordingNames(root)) {
    const sample = layoutSample(root, name);
    if (sample === undefined) continue;
    const key = `${sample.meta.parser} ${sample.layouts.join('+')}`;
    const seen = best.get(key);
    if (seen === undefined || sample.bodyEvents > seen.bodyEvents) best.set(key, sample);
  }
  return [...best.values()];
}

/**
 * A standalone number of 3 or more digits (a pid, a port, a count: after a space, TAB, ':', ',' or '#', before a
 * space, TAB, ',' or the end; not an IP octet, a stack offset or decimals). It is replaced by one of as many digits,
 * no larger than itself: widths and columns stay, and a port stays a port.
 */
const NUMBER = /(?<=^|[\s:,#])[1-9]\d{2,}(?=$|[\s,])/g;

export function vary(line: string, r: () => number, chosen = new Map<string, string>()): string {
  return line.replace(NUMBER, (digits) => {
    const known = chosen.get(digits);
    if (known !== undefined) return known;
    const low = 10 ** (digits.length - 1);
    const replacement = String(low + Math.floor(r() * (Number(digits) - low + 1)));
    chosen.set(digits, replacement);
    return replacement;
  });
}

export interface BigInput {
  /** The capture: the prefix, then copies of the body. */
  file: string;
  /** The same bytes as a recording directory (meta, stdout, stderr, timing), for probectl replay. */
  recording: string;
  lines: number;
  /** Data events the parser gives: copies x the body's. */
  events: number;
}

/** No input is larger than this: a layout of long lines (a JSON stack map) gets fewer of them, not a gigabyte. */
const MAX_BYTES = 128 * 1024 * 1024;

/** Writes at least `lines` lines (fewer where they would pass MAX_BYTES): the prefix, whole copies of the body, each with its numbers varied, and the suffix. */
export function writeBigInput(sample: LayoutSample, dir: string, lines: number): BigInput {
  const r = random(7);
  const bodyBytes = sample.body.reduce((sum, line) => sum + line.length + 1, 0);
  const copies = Math.max(1, Math.min(Math.ceil((lines - sample.prefix.length) / sample.body.length), Math.floor(MAX_BYTES / bodyBytes)));
  const parts = [sample.prefix.map((l) => l + '\n').join('')];
  // One choice per number and copy: a pid or an address that recurs in a copy (a report's maps, an exec's lines) stays one.
  for (let c = 0; c < copies; c++) {
    const chosen = new Map<string, string>();
    parts.push(sample.body.map((l) => vary(l, r, chosen) + '\n').join(''));
  }
  parts.push(sample.suffix.map((l) => l + '\n').join(''));
  const bytes = Buffer.from(parts.join(''), 'latin1');
  const base = join(dir, sample.name.replaceAll('/', '-'));
  writeFileSync(`${base}.txt`, bytes);
  const recording = `${base}.rec`;
  mkdirSync(recording, { recursive: true });
  writeFileSync(join(recording, 'meta.json'), JSON.stringify(sample.meta, null, 2) + '\n');
  writeFileSync(join(recording, 'stdout'), bytes);
  writeFileSync(join(recording, 'stderr'), '');
  // Chunks as a pipe delivers them under load (64 KB), one millisecond apart.
  const timing: string[] = [];
  let t = 0;
  for (let at = 0; at < bytes.length; at += 65536) timing.push(JSON.stringify({ t: t++, s: 'o', n: Math.min(65536, bytes.length - at) }));
  timing.push(JSON.stringify({ t, end: true }));
  writeFileSync(join(recording, 'timing.jsonl'), timing.join('\n') + '\n');
  return {
    file: `${base}.txt`,
    recording,
    lines: sample.prefix.length + copies * sample.body.length + sample.suffix.length,
    events: copies * sample.bodyEvents,
  };
}

/**
 * Checks that the big input reads as its recording did: the same layouts, and every copy of the body gives its
 * events, with and without the implementation a replay knows (parse does not).
 */
export async function checkBigInput(sample: LayoutSample, input: BigInput): Promise<void> {
  const recording = await readRecording(input.recording);
  const text = recording.stdout.toString('latin1').split('\n');
  text.pop();
  for (const withImpl of [true, false]) {
    const data = parseLines(sample.meta, text, withImpl).filter(isData);
    const layouts = [...new Set(data.map((e) => e.source.layout))];
    if (data.length !== input.events || layouts.join('+') !== sample.layouts.join('+'))
      throw new Error(
        `${sample.name}: the big input gives ${data.length} data events in ${layouts.join('+')} ${withImpl ? 'with' : 'without'} the impl, not ${input.events} in ${sample.layouts.join('+')}`,
      );
  }
}
