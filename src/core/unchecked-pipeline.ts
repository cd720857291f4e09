// The one path every byte takes, live or replayed: bytes → lines → tool parser → envelope → sink. Checking events
// against their schemas is Pipeline's (pipeline.ts), so that a parse that does not check them loads no zod.
import type { EventBody, EventType, Implementation, ProbeEvent, Source } from '../events/index.js';
import { EnvelopeBytes } from './envelope-bytes.js';
import type { Layout, LineParser, ParserOutput, Stream, ToolParser } from './layout.js';
import { jsonMembers } from './json-text.js';
import type { JsonBytes } from './json-line-batch.js';
import { LineSplitter } from './lines.js';
import type { RowJson } from './row-json-writer.js';
import { UNPARSED_STDOUT } from './unparsed-row-json.js';

export interface UncheckedPipelineOptions {
  parser: ToolParser;
  /** The probe name stamped on every event (defaults to the parser's tool). */
  probe?: string;
  host: string;
  /** Forces a layout instead of detecting it. */
  layout?: string;
  /** Which implementation printed the input, when known: it settles layouts with identical headers. */
  impl?: Implementation;
  maxLineBytes?: number;
  /**
   * Emits at most this many unparsed-line diagnostics; the rest are counted (unshownUnparsed) and reported by one
   * warning at the end. Unset: every one is emitted.
   */
  maxUnparsed?: number;
  /** Receives each event as an object (the library's path). */
  onEvent?(event: ProbeEvent): void;
  /**
   * Receives each event already serialised as one JSON line without the newline: the same text
   * JSON.stringify(event) gives, built without assembling the object.
   */
  onJson?(json: string): void;
  /**
   * Receives each event as a JSON line in UTF-8 (the CLI's hot path): the text onJson gets, and a
   * newline. Unless the pipeline checks events or also has onEvent or onJson, rows of layouts with a
   * JSON writer go there straight from their input bytes, with no body object (ParserOutput.json).
   */
  jsonOut?: JsonBytes;
}

/** A check of an event's body before it is delivered: what is wrong with it (its schema's complaints), or undefined when nothing is. */
export type EventCheck = (type: EventType, body: EventBody) => string | undefined;

/** The JSON text of an event up to its ts, and from ts up to its seq, for one type and source. */
interface JsonFrame {
  head: string;
  middle: string;
  /** The UTF-8 of head, ts and middle for the ts of the last event written as bytes, and of the seq after them. */
  bytes?: EnvelopeBytes;
}

const probectlSource: Source = { impl: 'probectl', tool: 'probectl', layout: 'lines' };

export class UncheckedPipeline {
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
  /** Of those, the ones past maxUnparsed: counted, not emitted. */
  unshownUnparsed = 0;

  private readonly maxUnparsed: number;

  /** check: each event is delivered only when it passes; one that fails becomes an error diagnostic saying why. */
  constructor(
    private readonly options: UncheckedPipelineOptions,
    private readonly check?: EventCheck,
  ) {
    this.maxUnparsed = options.maxUnparsed ?? Number.POSITIVE_INFINITY;
    this.probe = options.probe ?? options.parser.tool;
    const output: ParserOutput = { event: (ts, type, body, layout) => this.emit(ts, type, body, this.sourceOf(layout)) };
    const { jsonOut } = options;
    if (jsonOut !== undefined && check === undefined && options.onEvent === undefined && options.onJson === undefined) {
      output.json = (ts, layout, writer, line, start, end, notUtf8 = false) => this.writeRow(jsonOut, ts, layout, writer, line, start, end, notUtf8);
      output.unparsed = (ts, layout, line, start, end) => this.writeUnparsed(jsonOut, ts, layout, line, start, end);
    }
    this.parser = options.parser.create(output, { layout: options.layout, impl: options.impl });
    const offerBytes = output.json !== undefined && this.parser.lineBytes !== undefined;
    this.splitters = { stdout: this.splitterFor('stdout', offerBytes), stderr: this.splitterFor('stderr', false) };
  }

  chunk(stream: Stream, bytes: Buffer, ts: number): void {
    this.splitters[stream].push(bytes, ts);
  }

  end(ts: number): void {
    this.splitters.stdout.end(ts);
    this.splitters.stderr.end(ts);
    this.parser.end(ts);
    if (this.unshownUnparsed > 0) {
      const message = `${this.unshownUnparsed} more unparsed lines not shown (only the first ${this.options.maxUnparsed} are)`;
      this.emit(ts, 'tool.diagnostic', { level: 'warning', message }, probectlSource);
    }
  }

  /** offerBytes: the parser is offered each line's bytes first (the JSON fast path, stdout only). */
  private splitterFor(stream: Stream, offerBytes: boolean): LineSplitter {
    const parser = () => this.parser;
    return new LineSplitter(
      {
        line: (text, ts) => parser().line(text, stream, ts),
        bytes: offerBytes ? (line, start, end, ts, notUtf8) => parser().lineBytes!(line, start, end, ts, notUtf8) : undefined,
        overlong: (text, dropped, ts) =>
          this.emit(
            ts,
            'tool.diagnostic',
            { level: 'warning', message: `line longer than the bound, ${dropped} bytes dropped: ${text}`, stream },
            probectlSource,
          ),
        partial: (text, ts) => this.emit(ts, 'tool.diagnostic', { level: 'unparsed', message: text, stream }, probectlSource),
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
    if (type === 'tool.diagnostic' && (body as EventBody<'tool.diagnostic'>).level === 'unparsed' && !this.countUnparsed()) return;
    const seq = ++this.seq;
    if (type === this.lastCounted) this.lastCount!.n++;
    else this.count(type);
    const problem = this.check?.(type, body);
    if (problem !== undefined) {
      this.deliver(ts, 'tool.diagnostic', { level: 'error', message: `event failed its schema (${problem}): ${JSON.stringify(body)}` }, probectlSource, seq);
      return;
    }
    this.deliver(ts, type, body, source, seq);
  }

  private deliver(ts: number, type: EventType, body: EventBody, source: Source, seq: number): void {
    const { onJson, onEvent, jsonOut, host } = this.options;
    if (onEvent !== undefined) onEvent({ type, ts, probe: this.probe, source, host, seq, ...body } as ProbeEvent);
    if (onJson !== undefined) {
      const frame = this.frameOf(type, source);
      if (ts !== this.lastTs) {
        this.lastTs = ts;
        this.lastTsText = String(ts);
      }
      const json = frame.head + this.lastTsText + frame.middle + seq + jsonMembers(body) + '}';
      onJson(json);
      jsonOut?.line(json);
    } else if (jsonOut !== undefined) {
      // The envelope's bytes are made once per type, source and ts, its seq counted up in place (EnvelopeBytes): only
      // the members are written per event.
      const envelope = this.envelopeOf(this.frameOf(type, source), ts).upTo(seq);
      jsonOut.reserve(envelope.length);
      jsonOut.bytes.set(envelope, jsonOut.length);
      jsonOut.length += envelope.length;
      jsonOut.line(jsonMembers(body) + '}');
    }
  }

  /** The UTF-8 of the event's JSON up to its seq, for this frame and ts. */
  private envelopeOf(frame: JsonFrame, ts: number): EnvelopeBytes {
    let bytes = frame.bytes;
    if (bytes?.ts !== ts) frame.bytes = bytes = new EnvelopeBytes(ts, Buffer.from(frame.head + ts + frame.middle));
    return bytes;
  }

  /**
   * The JSON fast path: the envelope's bytes (made once per type, source and ts), the seq, then the
   * row's members written by its layout from the line's bytes. Nothing is counted or kept when the
   * writer declines the line, which then takes the text path; a line that is not UTF-8 goes only to a writer that
   * declares it reads such lines (RowJson.notUtf8).
   */
  private writeRow(out: JsonBytes, ts: number, layout: Layout, writer: RowJson, line: Uint8Array, start: number, end: number, notUtf8: boolean): boolean {
    if (notUtf8 && writer.notUtf8 !== true) return false;
    const envelope = this.envelopeOf(this.frameOf(writer.type, this.sourceOf(layout)), ts).upTo(this.seq + 1);
    out.reserve(envelope.length);
    const mark = out.length;
    out.bytes.set(envelope, mark);
    out.length = mark + envelope.length;
    if (!writer.write(line, start, end, out, notUtf8)) {
      out.length = mark;
      return false;
    }
    out.reserve(2);
    out.bytes[out.length++] = 125; // the closing brace
    out.bytes[out.length++] = 10; // and the newline
    this.seq++;
    if (writer.type === this.lastCounted) this.lastCount!.n++;
    else this.count(writer.type);
    out.lineWritten();
    return true;
  }

  /** Counts an unparsed line; false past maxUnparsed, where it is counted as not shown and not written. */
  private countUnparsed(): boolean {
    if (++this.unparsed <= this.maxUnparsed) return true;
    this.unshownUnparsed++;
    return false;
  }

  /** An unparsed line of stdout from its bytes, counted as emit() counts one (UNPARSED_STDOUT takes every valid UTF-8 line). */
  private writeUnparsed(out: JsonBytes, ts: number, layout: Layout, line: Uint8Array, start: number, end: number): boolean {
    return !this.countUnparsed() || this.writeRow(out, ts, layout, UNPARSED_STDOUT, line, start, end, false);
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
