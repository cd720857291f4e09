// The one path every byte takes, live or replayed: bytes → lines → tool parser → envelope → sink.
import { eventSchemas, type EventBody, type EventType, type ProbeEvent, type Source } from '../events/index.js';
import type { Layout, LineParser, ParserOutput, Stream, ToolParser } from './layout.js';
import { LineSplitter } from './lines.js';

export interface PipelineOptions {
  parser: ToolParser;
  /** The probe name stamped on every event (defaults to the parser's tool). */
  probe?: string;
  host: string;
  /** Forces a layout instead of detecting it. */
  layout?: string;
  /** Checks every event against its schema; a failing event becomes an error diagnostic. */
  validate?: boolean;
  maxLineBytes?: number;
  onEvent(event: ProbeEvent): void;
}

const probectlSource: Source = { impl: 'probectl', tool: 'probectl', layout: 'lines' };

export class Pipeline {
  private seq = 0;
  private readonly sources = new Map<Layout, Source>();
  private readonly parser: LineParser;
  private readonly splitters: Record<Stream, LineSplitter>;
  private readonly probe: string;
  /** Counts by event type, for the closing summary. */
  readonly counts = new Map<string, number>();

  constructor(private readonly options: PipelineOptions) {
    this.probe = options.probe ?? options.parser.tool;
    const output: ParserOutput = { event: (ts, type, body, layout) => this.emit(ts, type, body, this.sourceOf(layout)) };
    this.parser = options.parser.create(output, { layout: options.layout });
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
    let source = this.sources.get(layout);
    if (source === undefined) {
      source = { impl: layout.impl, tool: layout.tool, layout: layout.name };
      this.sources.set(layout, source);
    }
    return source;
  }

  private emit<T extends EventType>(ts: number, type: T, body: EventBody<T>, source: Source): void {
    const event = { type, ts, probe: this.probe, source, host: this.options.host, seq: ++this.seq, ...body } as ProbeEvent;
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    if (this.options.validate) {
      const result = eventSchemas[type].safeParse(event);
      if (!result.success) {
        const message = `event failed its schema (${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}): ${JSON.stringify(body)}`;
        this.options.onEvent({ type: 'tool.diagnostic', ts, probe: this.probe, source: probectlSource, host: this.options.host, seq: event.seq, level: 'error', message });
        return;
      }
    }
    this.options.onEvent(event);
  }
}
