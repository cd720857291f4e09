// profile: profile.stack events from probectl's profile.bt, any bpftrace stack map (text or -f json), and BCC profile's folded lines.
import { ToolLineReader } from '../../core/diagnostics.js';
import { findLayout } from '../../core/table-parser.js';
import type { Layout, LineParser, ParserOptions, ParserOutput, Stream, ToolParser } from '../../core/layout.js';
import type { EventBody } from '../../events/index.js';
import { AddressNames } from './address-names.js';
import { parseFoldedLine, parseMissingStacks } from './folded.js';
import { layoutNamed, PROFILE_HEADER, profileLayouts } from './layouts.js';
import { SampleCount } from './sample-count.js';
import { splitStackKey, type StackShape } from './stack-key.js';

/** A key over more lines than this is closed as unparsed: bpftrace's stacks hold at most 127 frames each. */
const MAX_KEY_LINES = 1000;
const JSON_RECORD = '{"type":';
const SAMPLES_LINE = /^@samples: (\d+)$/;
/** The last line of a key that spans lines: "..., comm, pid]: count". */
const KEY_END = /\]: (\d+)$/;
const SINGLE_LINE_KEY = /^@[A-Za-z0-9_]*\[(.*)\]: (\d+)$/;
const KEY_START = /^@[A-Za-z0-9_]*\[(.*)$/;

const probectlLayout = layoutNamed('probectl-v1');
const textLayout = layoutNamed('bpftrace-text');
const jsonLayout = layoutNamed('bpftrace-json');
const foldedLayout = layoutNamed('bcc-folded');

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

class ProfileParser implements LineParser {
  private readonly lines: ToolLineReader;
  private readonly samples = new SampleCount();
  private readonly addresses = new AddressNames();
  private layout: Layout;
  private shape: StackShape | undefined;
  private hz: number | undefined;
  /** A key spanning lines: its text so far and its raw lines. */
  private key: { ts: number; content: string[]; raw: { text: string; ts: number }[] } | undefined;

  constructor(
    private readonly out: ParserOutput,
    private readonly forced: Layout | undefined,
    impl: ParserOptions['impl'],
  ) {
    this.layout = forced ?? (impl === 'bcc' ? foldedLayout : textLayout);
    this.lines = new ToolLineReader(out);
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stderr') return this.other(text, stream, ts);
    if (this.key !== undefined) return this.keyLine(text, ts);
    if (text.length === 0) return;
    if (text.startsWith(PROFILE_HEADER)) return this.header(text);
    if (this.forced === jsonLayout || (this.forced === undefined && text.startsWith(JSON_RECORD))) return this.json(text, ts);
    if (text.charCodeAt(0) === 64) return this.mapLine(text, ts);
    if (this.forced === foldedLayout || this.forced === undefined) {
      const folded = parseFoldedLine(text);
      if (folded !== undefined) {
        this.layout = foldedLayout;
        return this.stack(ts, folded);
      }
    }
    this.other(text, stream, ts);
  }

  end(ts: number): void {
    if (this.key !== undefined) this.closeUnparsed();
    this.lost(ts);
  }

  /** "PROBECTL profile v1 hz=99 stacks=kernel,user": the sampling rate and which stacks the keys hold. */
  private header(text: string): void {
    this.layout = probectlLayout;
    const hz = /(?:^| )hz=(\d+)(?: |$)/.exec(text);
    if (hz !== null) this.hz = Number(hz[1]);
    const stacks = /(?:^| )stacks=([a-z,]+)(?: |$)/.exec(text);
    if (stacks !== null) this.shape = stacks[1]!.split(',').filter((s): s is 'kernel' | 'user' => s === 'kernel' || s === 'user');
  }

  private mapLine(text: string, ts: number): void {
    const samples = SAMPLES_LINE.exec(text);
    if (samples !== null) return this.counted(Number(samples[1]), ts);
    const single = SINGLE_LINE_KEY.exec(text);
    if (single !== null) return this.entry(single[1]!, ', ', Number(single[2]), ts, [{ text, ts }]);
    const start = KEY_START.exec(text);
    if (start !== null && (start[1] === '' || start[1]!.endsWith(', '))) {
      this.key = { ts, content: [start[1]!], raw: [{ text, ts }] };
      return;
    }
    this.other(text, 'stdout', ts);
  }

  private keyLine(text: string, ts: number): void {
    const key = this.key!;
    const c = text.charCodeAt(0);
    const frame = c === 32 || c === 9;
    if (!frame && !text.startsWith(',') && !text.startsWith(']')) {
      this.closeUnparsed();
      return this.line(text, 'stdout', ts);
    }
    key.raw.push({ text, ts });
    const close = frame ? null : KEY_END.exec(text);
    if (close === null) {
      key.content.push(text);
      if (key.raw.length > MAX_KEY_LINES) this.closeUnparsed();
      return;
    }
    key.content.push(text.slice(0, close.index));
    this.key = undefined;
    this.entry(key.content.join('\n'), ', ', Number(close[1]), key.ts, key.raw);
  }

  private closeUnparsed(): void {
    for (const raw of this.key!.raw) this.other(raw.text, 'stdout', raw.ts);
    this.key = undefined;
  }

  private entry(content: string, separator: string, count: number, ts: number, raw: { text: string; ts: number }[]): void {
    const key = count > 0 ? splitStackKey(content, separator, this.shape) : undefined;
    if (key === undefined) {
      for (const r of raw) this.other(r.text, 'stdout', r.ts);
      return;
    }
    if (this.layout !== probectlLayout) this.layout = separator === ',' ? jsonLayout : textLayout;
    this.samples.stacks(count);
    const ustack = this.addresses.resolve(key.pid, key.ustack);
    this.stack(ts, { ...key, ustack, count, ...(this.hz !== undefined && { hz: this.hz }) });
  }

  /** An "@samples" total: what the stacks printed so far should add up to. */
  private counted(n: number, ts: number): void {
    this.lost(ts);
    this.samples.counts(n);
  }

  private lost(ts: number): void {
    const lost = this.samples.newlyLost();
    if (lost > 0) this.out.event(ts, 'tool.lost', { count: lost }, this.layout);
  }

  private stack(ts: number, body: EventBody<'profile.stack'>): void {
    this.out.event(ts, 'profile.stack', body, this.layout);
  }

  private json(text: string, ts: number): void {
    let record: JsonValue;
    try {
      record = JSON.parse(text) as JsonValue;
    } catch {
      return this.other(text, 'stdout', ts);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return this.other(text, 'stdout', ts);
    const { type, data } = record;
    if (type === 'attached_probes') return;
    if (type === 'printf' && typeof data === 'string' && data.startsWith(PROFILE_HEADER)) return this.header(data.trimEnd());
    if (type === 'lost_events' && data !== null && typeof data === 'object' && !Array.isArray(data) && typeof data.events === 'number')
      return this.out.event(ts, 'tool.lost', { count: data.events }, jsonLayout);
    if (type !== 'map' || data === null || typeof data !== 'object' || Array.isArray(data)) return this.other(text, 'stdout', ts);
    this.layout = this.layout === probectlLayout ? probectlLayout : jsonLayout;
    for (const [name, value] of Object.entries(data)) {
      if (name === '@samples' && typeof value === 'number') this.counted(value, ts);
      else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, count] of Object.entries(value))
          if (typeof count === 'number' && Number.isSafeInteger(count)) this.entry(key, ',', count, ts, [{ text: `${name}[${key}]: ${count}`, ts }]);
          else this.other(`${name}[${key}]: ${JSON.stringify(count)}`, 'stdout', ts);
      } else if (typeof value !== 'number') this.other(text, 'stdout', ts);
    }
  }

  /** Banners, lost-event lines and diagnostics, as every tool's; BCC's closing count of stacks it could not show is lost samples. */
  private other(text: string, stream: Stream, ts: number): void {
    const missing = parseMissingStacks(text);
    if (missing !== undefined) return this.out.event(ts, 'tool.lost', { count: missing }, foldedLayout);
    this.lines.report(text, stream, ts, this.layout);
  }
}

export const profileParser: ToolParser = {
  tool: 'profile',
  layouts: profileLayouts,
  create(out: ParserOutput, options: ParserOptions = {}): LineParser {
    const forced = options.layout === undefined ? undefined : findLayout('profile', profileLayouts, options.layout);
    return new ProfileParser(out, forced, options.impl);
  },
};
