// What a parser knows about the output it is reading, and how it hands events on.
import type { EventBody, EventType, Implementation } from '../events/index.js';
import type { RowJson } from './row-json-writer.js';

/** One output layout of one tool: a combination of implementation, version and flags. */
export interface Layout {
  /** Stable name, used by --layout and in source.layout (e.g. "bcc-seq"). */
  readonly name: string;
  readonly impl: Implementation;
  /** The tool as users know it: "<tool>", "<tool>.bt", "bpftrace". */
  readonly tool: string;
  readonly description: string;
  /** True when the layout was written from the tools' source and not captured on a real run. */
  readonly fromSource?: boolean;
}

export type Stream = 'stdout' | 'stderr';

/** Where a parser sends what it found. ts is the arrival time of the event's first line. */
export interface ParserOutput {
  event<T extends EventType>(ts: number, type: T, body: EventBody<T>, layout: Layout): void;
  /**
   * Present only where events go out as JSON unvalidated: writes the row line[start, end) with its
   * layout's writer, straight from its bytes. False when the writer declines it (nothing is written).
   * notUtf8: the line is not valid UTF-8, which it declines unless the writer takes such lines (RowJson.notUtf8).
   */
  json?(ts: number, layout: Layout, writer: RowJson, line: Uint8Array, start: number, end: number, notUtf8?: boolean): boolean;
  /**
   * Present with json: writes the valid UTF-8 line[start, end) of stdout as the unparsed-line diagnostic the text path
   * would report for it, straight from its bytes; past the pipeline's maxUnparsed, counted as not shown. False when
   * nothing was written or counted.
   */
  unparsed?(ts: number, layout: Layout, line: Uint8Array, start: number, end: number): boolean;
}

/** A stateful reader of one stream of a tool's lines (state: the detected layout, an open block). */
export interface LineParser {
  line(text: string, stream: Stream, ts: number): void;
  /**
   * The JSON fast path for stdout: takes line[start, end) when, in the parser's state, it is a row its
   * layout writes directly (see ParserOutput.json); false to have it read as text by line(). notUtf8: the
   * line is not valid UTF-8, which only a writer that declares it reads (RowJson.notUtf8).
   */
  lineBytes?(line: Uint8Array, start: number, end: number, ts: number, notUtf8: boolean): boolean;
  /** Input ended: completes or reports whatever block is still open. */
  end(ts: number): void;
}

export interface ParserOptions {
  /** Forces a layout by name instead of detecting it from the header. */
  layout?: string;
  /** Which implementation is speaking, when the caller knows (a live run, a recording's meta). */
  impl?: Implementation;
}

export interface ToolParser {
  /** The name used by `probectl parse <tool>`. */
  readonly tool: string;
  readonly layouts: readonly Layout[];
  create(out: ParserOutput, options?: ParserOptions): LineParser;
}

/**
 * Marks each layout "from source" unless its name is in `captured`: the layouts a real recording in
 * recordings/ shows (a test keeps the two in step).
 */
export function withProvenance<L extends Layout>(layouts: readonly L[], captured: readonly string[]): L[] {
  return layouts.map((layout) => ({ ...layout, fromSource: !captured.includes(layout.name) }));
}
