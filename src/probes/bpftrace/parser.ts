// Generic bpftrace output, text or -f json, detected line by line: maps, hist/lhist, stats,
// printf lines, lost events and diagnostics.
//
//   # bpftrace -e 'BEGIN { @a[1, "x y"] = count(); @h = hist(5); printf("hi\n"); exit() }'
//   Attaching 1 probe...
//   hi
//
//
//   @a[1, x y]: 1
//   @h:
//   [4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
//
// With -f json the same program prints {"type": "printf", "data": "hi\n"},
// {"type": "map", "data": {"@a": {"1,x y": 1}}} and
// {"type": "hist", "data": {"@h": [{"min": 4, "max": 7, "count": 1}]}}: both give the same events.
import { ToolLineReader } from '../../core/diagnostics.js';
import type { Layout, LineParser, ParserOptions, ParserOutput, Stream, ToolParser } from '../../core/layout.js';
import { findLayout } from '../../core/table-parser.js';
import { JsonReader } from './json.js';
import { bpftraceLayouts, jsonLayout, textLayout, type Emit } from './layouts.js';
import { TextReader } from './text.js';

/** What starts every -f json record. */
const JSON_RECORD = '{"type":';

class BpftraceParser implements LineParser {
  private readonly text: TextReader;
  private readonly json: JsonReader;
  /** The layout of the last stdout line: stderr diagnostics are stamped with it. */
  private current: Layout;
  private readonly lines: ToolLineReader;

  constructor(
    private readonly out: ParserOutput,
    private readonly forced: Layout | undefined,
  ) {
    this.current = forced ?? textLayout;
    this.lines = new ToolLineReader(out);
    this.text = new TextReader(this.emitter(textLayout));
    this.json = new JsonReader(this.emitter(jsonLayout));
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stderr') return this.stderr(text, ts);
    const isJson = this.forced === undefined ? text.startsWith(JSON_RECORD) : this.forced === jsonLayout;
    if (isJson) {
      this.text.end();
      this.current = jsonLayout;
      return this.json.line(text, ts);
    }
    this.json.end();
    if (text.length > 0) this.current = textLayout;
    this.text.line(text, ts);
  }

  end(): void {
    this.text.end();
    this.json.end();
  }

  private emitter(layout: Layout): Emit {
    return (ts, type, body) => this.out.event(ts, type, body, layout);
  }

  /** As the table tools do: lost lines and banners are known, any other line is a warning. */
  private stderr(text: string, ts: number): void {
    this.lines.report(text, 'stderr', ts, this.current);
  }
}

export const bpftraceParser: ToolParser = {
  tool: 'bpftrace',
  layouts: bpftraceLayouts,
  create(out: ParserOutput, options: ParserOptions = {}): LineParser {
    const forced = options.layout === undefined ? undefined : findLayout('bpftrace', bpftraceLayouts, options.layout);
    return new BpftraceParser(out, forced);
  },
};
