// The one path every byte takes, live or replayed: bytes → lines → tool parser → envelope → sink.
import type { z } from 'zod';
import { eventSchemas, type EventBody, type EventType, type Implementation, type ProbeEvent, type Source } from '../events/index.js';
import type { Layout, LineParser, ParserOutput, Stream, ToolParser } from './layout.js';
import { jsonMembers } from './json.js';
import { LineSplitter } from './lines.js';

export interface PipelineOptions {
  parser: ToolParser;
  /** The probe name stamped on every event (defaults to the parser's tool). */
  probe?: string;
  host: string;
  /** Forces a layout instead of detecting it. */
  layout?: string;
  /** Which implementation printed the input, when known: it settles layouts with identical headers. */
  impl?: Implementation;
  /** Checks every event against its schema; a failing event becomes an error diagnostic. */
  validate?: boolean;
  maxLineBytes?: number;
  /** Receives each event as an object (the library's path). */
  onEvent?(event: ProbeEvent): void;
  /**
   * Receives each event already serialised as one JSON line without the newline (the CLI's hot
   * path): the same text JSON.stringify(event) gives, built without assembling the object.
   */
  onJson?(json: string): void;
}

const ENVELOPE_KEYS = { ts: true, probe: true, source: true, host: true, seq: true } as const;
let bodySchemas: Record<EventType, z.ZodObject> | undefined;
/** Per type, the schema of what a parser produces: the event without its envelope (built on first use). */
function bodySchema(type: EventType): z.ZodObject {
  bodySchemas ??= Object.fromEntries(Object.entries(eventSchemas).map(([t, schema]) => [t, (schema as z.ZodObject).omit({ type: true, ...ENVELOPE_KEYS })])) as Record<EventType, z.ZodObject>;
  return bodySchemas[type];
}

/** The JSON text of an event up to its ts, and from ts up to its seq, for one type and source. */
interface JsonFrame {
  head: string;
  middle: string;
}

const probectlSource: Source = { impl: 'probectl', tool: 'probectl', layout: 'lines' };

export class Pipeline {
  private seq = 0;
  private readonly sources = new Map<Layout, Source>();
  private readonly frames = new Map<Source, Map<string, JsonFrame>>();
  /** The frame used last: consecutive events are nearly always of one type and source. */
  private lastFrame: { type: string; source: Source; frame: JsonFrame } | undefined;
  private lastLayout: Layout | undefined;
  /** Lines of one chunk share their arrival time: its text is made once. */
  private lastTs = -1;
  private lastTsText = '';
  private lastSource: Source | undefined;
  private readonly parser: LineParser;
  private readonly splitters: Record<Stream, LineSplitter>;
  private readonly probe: string;
  /** Counts by event type, for the closing summary. */
  private readonly tally = new Map<string, { n: number }>();
  private lastCounted: string | undefined;
  private lastCount: { n: number } | undefined;
  /** Lines no parser recognised (tool.diagnostic with level unparsed). */
  unparsed = 0;

  constructor(private readonly options: PipelineOptions) {
    this.probe = options.probe ?? options.parser.tool;
    const output: ParserOutput = { event: (ts, type, body, layout) => this.emit(ts, type, body, this.sourceOf(layout)) };
    this.parser = options.parser.create(output, { layout: options.layout, impl: options.impl });
    this.splitters = { stdout: this.splitterFor('stdout'), stderr: this.splitterFor('stderr') };
  }

  chunk(stream: Stream, bytes: Buffer, ts: number): void {
    this.splitters[stream].push(bytes, ts);
  }

  end(ts: number): void {
    this.splitters.stdout.end(ts);
    this.splitters.stderr.end(ts);
    this.parser.end(ts);
  }

  private splitterFor(stream: Stream): LineSplitter {
    const parser = () => this.parser;
    return new LineSplitter(
      {
        line: (text, ts) => parser().line(text, stream, ts),
        overlong: (text, dropped, ts) =>
          this.emit(ts, 'tool.diagnostic', { level: 'warning', message: `line longer than the bound, ${dropped} bytes dropped: ${text}`, stream }, probectlSource),
        partial: (text, ts) =>
          this.emit(ts, 'tool.diagnostic', { level: 'unparsed', message: text, stream }, probectlSource),
      },
      this.options.maxLineBytes,
    );
  }

  private sourceOf(layout: Layout): Source {
    if (layout === this.lastLayout) return this.lastSource!;
    let source = this.sources.get(layout);
    if (source === undefined) {
      source = { impl: layout.impl, tool: layout.tool, layout: layout.name };
      this.sources.set(layout, source);
    }
    this.lastLayout = layout;
    this.lastSource = source;
    return source;
  }

  /** Events so far, by type, for the closing summary. */
  get counts(): Map<string, number> {
    return new Map([...this.tally].map(([type, { n }]) => [type, n]));
  }

  private count(type: string): void {
    let counter = this.tally.get(type);
    if (counter === undefined) this.tally.set(type, (counter = { n: 0 }));
    counter.n++;
    this.lastCounted = type;
    this.lastCount = counter;
  }

  private emit<T extends EventType>(ts: number, type: T, body: EventBody<T>, source: Source): void {
    const seq = ++this.seq;
    if (type === this.lastCounted) this.lastCount!.n++;
    else this.count(type);
    if (type === 'tool.diagnostic' && (body as EventBody<'tool.diagnostic'>).level === 'unparsed') this.unparsed++;
    if (this.options.validate) {
      const result = bodySchema(type).safeParse(body);
      if (!result.success) {
        const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        const message = `event failed its schema (${problems}): ${JSON.stringify(body)}`;
        this.deliver(ts, 'tool.diagnostic', { level: 'error', message }, probectlSource, seq);
        return;
      }
    }
    this.deliver(ts, type, body, source, seq);
  }

  private deliver(ts: number, type: EventType, body: EventBody, source: Source, seq: number): void {
    const { onJson, onEvent, host } = this.options;
    if (onEvent !== undefined) onEvent({ type, ts, probe: this.probe, source, host, seq, ...body } as ProbeEvent);
    if (onJson !== undefined) {
      const frame = this.frameOf(type, source);
      if (ts !== this.lastTs) {
        this.lastTs = ts;
        this.lastTsText = String(ts);
      }
      onJson(frame.head + this.lastTsText + frame.middle + seq + jsonMembers(body) + '}');
    }
  }

  private frameOf(type: string, source: Source): JsonFrame {
    const last = this.lastFrame;
    if (last !== undefined && last.type === type && last.source === source) return last.frame;
    let byType = this.frames.get(source);
    if (byType === undefined) this.frames.set(source, (byType = new Map()));
    let frame = byType.get(type);
    if (frame === undefined) {
      frame = {
        head: `{"type":${JSON.stringify(type)},"ts":`,
        middle: `,"probe":${JSON.stringify(this.probe)},"source":${JSON.stringify(source)},"host":${JSON.stringify(this.options.host)},"seq":`,
      };
      byType.set(type, frame);
    }
    this.lastFrame = { type, source, frame };
    return frame;
  }
}
