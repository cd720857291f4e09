// The shared engine of the tool parsers: finds the layout from header lines, parses rows,
// collects stack blocks, and turns everything else into diagnostics. Never throws on data.
import type { EventBody, EventType, Implementation } from '../events/index.js';
import { ToolLineReader } from './diagnostics.js';
import { ProbectlError } from './errors.js';
import type { Layout, LineParser, ParserOptions, ParserOutput, Stream, ToolParser } from './layout.js';
import { asciiText } from './lines.js';
import type { RowJson } from './row-json-writer.js';

export interface Row<T extends EventType = EventType> {
  type: T;
  body: EventBody<T>;
}

export interface TableLayout extends Layout {
  /** True when this (right-trimmed) line is the layout's column header. */
  header(line: string): boolean;
  /**
   * The header as one exact line, where header() is equality with it. When every layout of a tool gives one, a line is
   * looked up among them once instead of offered to each layout's header() (execsnoop has 43 layouts, and a libbpf
   * execsnoop row cut by a newline leaves a line to test for each).
   */
  headerLine?: string;
  /** Parses one data row, or returns undefined when the line is not a row of this layout. */
  row(line: string): Row | undefined;
  /** For layouts that print a stack after each row: the frame on this line, if it is one. */
  frame?(line: string): string | undefined;
  /** True when the stack block opens with an empty line (bpftrace kstack). */
  blankBeforeFrames?: boolean;
  /** For hot layouts without frames: writes a row's event as JSON straight from its bytes. */
  json?: RowJson;
  /**
   * No row of this layout is shorter than this many characters: row() refuses every shorter line. With json, a short
   * line that is no header, banner or tool message is then reported as unparsed from its bytes (execsnoop's layouts,
   * where an argument's text after its newline is a line of its own).
   */
  shortestRow?: number;
}

export interface Banner {
  pattern: RegExp;
  /** The implementation that prints this banner: it decides between layouts with the same header. */
  impl?: Implementation;
}

export interface TableToolSpec {
  tool: string;
  layouts: readonly TableLayout[];
  /** Lines the tool prints before its header that carry no data. */
  banners: readonly Banner[];
}

interface OpenBlock {
  ts: number;
  row: Row;
  layout: TableLayout;
  frames: string[];
  sawBlank: boolean;
}

export class UnknownLayoutError extends ProbectlError {
  constructor(tool: string, layout: string, known: readonly Layout[]) {
    super(
      'UNKNOWN_LAYOUT',
      `${tool} has no layout named "${layout}".`,
      `Use one of: ${known.map((l) => l.name).join(', ')} (probectl layouts ${tool} describes them).`,
    );
  }
}

/** The layout stamped on lines read before the tool's layout is known. */
export function undetectedLayout(tool: string, impl: Implementation | undefined): Layout {
  return { name: 'undetected', impl: impl ?? 'probectl', tool, description: 'before any header or row identified the layout' };
}

export function findLayout<L extends Layout>(tool: string, layouts: readonly L[], name: string): L {
  const layout = layouts.find((l) => l.name === name);
  if (!layout) throw new UnknownLayoutError(tool, name, layouts);
  return layout;
}

class TableParser implements LineParser {
  private layout: TableLayout | undefined;
  /** Set by a banner: the implementation that is speaking. */
  private hint: Implementation | undefined;
  private block: OpenBlock | undefined;
  /** Other layouts that matched the last header line: a header can be shared (bcc and bpftrace). */
  private alternates: readonly TableLayout[] = [];
  /** shortestRow()'s last answer, and the state it was for. */
  private shortest: { layout?: TableLayout; alternates?: readonly TableLayout[]; length: number } = { length: 0 };

  private readonly lines: ToolLineReader;
  /** Every layout's header line, when all give one (TableLayout.headerLine): a line not among them is no header. */
  private readonly headerLines: ReadonlySet<string> | undefined;
  /** The first characters of those header lines: most lines that are not rows start with none of them, and are not trimmed to be looked up. */
  private readonly headerStarts: ReadonlySet<number> | undefined;
  /** Stamped on what arrives before any layout is known (a tool that fails before its header). */
  private readonly undetected: Layout;

  constructor(
    private readonly spec: TableToolSpec,
    private readonly out: ParserOutput,
    private readonly forced: TableLayout | undefined,
    impl: Implementation | undefined,
  ) {
    this.layout = forced;
    this.hint = impl;
    this.lines = new ToolLineReader(out);
    this.undetected = undetectedLayout(spec.tool, impl);
    const headerLines = spec.layouts.map((l) => l.headerLine);
    this.headerLines = headerLines.every((l) => l !== undefined) ? new Set(headerLines) : undefined;
    this.headerStarts = this.headerLines === undefined ? undefined : new Set([...this.headerLines].map((l) => l.charCodeAt(0)));
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stderr') return this.otherLine(text, 'stderr', ts);
    const block = this.block;
    if (block !== undefined) {
      if (text.length === 0) {
        if (block.frames.length === 0 && block.layout.blankBeforeFrames && !block.sawBlank) block.sawBlank = true;
        else this.closeBlock();
        return;
      }
      const frame = block.layout.frame!(text);
      if (frame !== undefined) {
        block.frames.push(frame);
        return;
      }
      this.closeBlock();
    }
    if (text.length === 0) return;
    if (this.mayBeHeader(text) && this.tryHeader(text)) return;
    const layout = this.layout;
    if (layout !== undefined) {
      const row = layout.row(text);
      if (row !== undefined) return this.emitRow(row, layout, ts);
      if (this.alternates.length > 0 && this.tryAlternates(text, layout, ts)) return;
    } else if (this.sniff(text, ts)) return;
    this.otherLine(text, 'stdout', ts);
  }

  /**
   * A row of the current layout goes straight from its bytes to JSON when nothing else could be made
   * of the line: no stack block is open and it cannot be a header; so does a line too short to be a row that line()
   * would report as unparsed. Anything else, and any line the layout's writer declines, is read as text by line(),
   * from the same state.
   */
  lineBytes(line: Uint8Array, start: number, end: number, ts: number, notUtf8: boolean): boolean {
    const layout = this.layout;
    if (layout?.json === undefined || layout.frame !== undefined || this.block !== undefined || this.out.json === undefined) return false;
    if (start === end) return false;
    // A line shorter than any row the state allows is none: no writer would take it.
    if (end - start < this.shortestRow(layout)) return !notUtf8 && this.unparsedBytes(layout, line, start, end, ts);
    // line() looks for a header only in lines that do not start with a digit: those go to a writer that takes no header.
    const first = line[start]!;
    if ((first < 48 || first > 57) && layout.json.neverHeader !== true) return false;
    return this.out.json(ts, layout, layout.json, line, start, end, notUtf8);
  }

  /**
   * The line as line() would report it, unparsed, written from its bytes: shorter than any row of the layout and of
   * the alternates (TableLayout.shortestRow), and, as ASCII text, no header's first character, no banner and no line
   * the tool reader knows. Any other line is left to line().
   */
  private unparsedBytes(layout: TableLayout, line: Uint8Array, start: number, end: number, ts: number): boolean {
    if (this.out.unparsed === undefined) return false;
    const text = asciiText(line, start, end);
    if (text === undefined || this.mayBeHeader(text) || this.bannerOf(text) !== undefined) return false;
    return this.lines.isUnparsed(text) && this.out.unparsed(ts, layout, line, start, end);
  }

  /** The fewest characters a row of the layout or of its alternates has: 0 when one of them does not say. */
  private shortestRow(layout: TableLayout): number {
    const known = this.shortest;
    if (known.layout === layout && known.alternates === this.alternates) return known.length;
    let length = layout.shortestRow ?? 0;
    for (const other of this.alternates) length = Math.min(length, other.shortestRow ?? 0);
    this.shortest = { layout, alternates: this.alternates, length };
    return length;
  }

  end(): void {
    if (this.block !== undefined) this.closeBlock();
  }

  /**
   * False when the line cannot be a header: it starts with a digit (no header does, so such lines are not looked up),
   * or with no header's first character.
   */
  private mayBeHeader(text: string): boolean {
    const first = text.charCodeAt(0);
    if (first >= 48 && first <= 57) return false;
    return this.headerStarts === undefined || this.headerStarts.has(first);
  }

  /** Sets the layout from a header line (mayBeHeader first); false when the line is none. */
  private tryHeader(text: string): boolean {
    const trimmed = text.trimEnd();
    if (this.headerLines !== undefined && !this.headerLines.has(trimmed)) return false;
    let found: TableLayout | undefined;
    const matched: TableLayout[] = [];
    for (const layout of this.spec.layouts) {
      if (!layout.header(trimmed)) continue;
      matched.push(layout);
      if (found === undefined && (this.hint === undefined || layout.impl === this.hint)) found = layout;
    }
    found ??= matched[0];
    if (found === undefined) return false;
    this.layout = found;
    this.alternates = matched.length > 1 ? matched.filter((l) => l !== found) : [];
    return true;
  }

  /**
   * The header fitted several layouts and the chosen one rejects this row: the first other
   * layout that parses it takes over (a .bt script may print a BCC tool's header, its banner on stderr).
   */
  private tryAlternates(text: string, current: TableLayout, ts: number): boolean {
    for (const layout of this.alternates) {
      const row = layout.row(text);
      if (row === undefined) continue;
      this.alternates = [current, ...this.alternates.filter((l) => l !== layout)];
      this.layout = layout;
      this.emitRow(row, layout, ts);
      return true;
    }
    return false;
  }

  /** Without a header, adopts the first layout whose row pattern fits the line. */
  private sniff(text: string, ts: number): boolean {
    for (const layout of this.spec.layouts) {
      const row = layout.row(text);
      if (row !== undefined) {
        this.layout = layout;
        this.emitRow(row, layout, ts);
        return true;
      }
    }
    return false;
  }

  private emitRow(row: Row, layout: TableLayout, ts: number): void {
    if (layout.frame === undefined) {
      this.out.event(ts, row.type, row.body, layout);
      return;
    }
    this.block = { ts, row, layout, frames: [], sawBlank: false };
  }

  private closeBlock(): void {
    const block = this.block!;
    this.block = undefined;
    const body = { ...block.row.body, stack: block.frames } as EventBody;
    this.out.event(block.ts, block.row.type, body, block.layout);
  }

  private bannerOf(text: string): Banner | undefined {
    return this.spec.banners.find((b) => b.pattern.test(text));
  }

  private otherLine(text: string, stream: Stream, ts: number): void {
    if (stream === 'stdout') {
      const banner = this.bannerOf(text);
      if (banner !== undefined) {
        // A banner starts a new run: what follows may be another tool's layout.
        this.hint = banner.impl ?? this.hint;
        this.layout = this.forced;
        this.alternates = [];
        return;
      }
    }
    this.lines.report(text, stream, ts, this.layout ?? this.undetected);
  }
}

export function tableTool(spec: TableToolSpec): ToolParser {
  return {
    tool: spec.tool,
    layouts: spec.layouts,
    create(out: ParserOutput, options: ParserOptions = {}): LineParser {
      const forced = options.layout === undefined ? undefined : findLayout(spec.tool, spec.layouts, options.layout);
      return new TableParser(spec, out, forced, options.impl);
    },
  };
}
