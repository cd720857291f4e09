// execsnoop: process.exec events from every libbpf-tools, BCC and execsnoop.bt layout, and from probectl's own program.
import type { Layout, LineParser, ParserOptions, ParserOutput, Stream, ToolParser } from '../../core/layout.js';
import { withProvenance } from '../../core/layout.js';
import { PROBECTL_LAYOUT } from '../../core/probectl-layout.js';
import { type TableLayout, tableTool } from '../../core/table-parser.js';
import { type ExecsnoopShape, execsnoopHeader, execsnoopLayoutName, execsnoopShapes } from './layouts.js';
import { type CompletedExec, PROBECTL_EXEC_HEADER, ProbectlExecs } from './probectl-lines.js';
import { parseExecsnoopRow } from './row.js';
import { execsnoopRowJson } from './row-json.js';

/** The layouts real recordings show (libbpf-tools 0.26 and bpftrace 0.17 on the project's lab machine; probectl's own program). */
const CAPTURED = ['libbpf', 'libbpf-T', 'libbpf-t', 'libbpf-U', 'libbpf-q', 'libbpf-TtUq', 'bt', PROBECTL_LAYOUT];

function layoutOf(shape: ExecsnoopShape): TableLayout {
  const header = execsnoopHeader(shape);
  return {
    name: execsnoopLayoutName(shape),
    impl: shape.impl,
    tool: shape.impl === 'bpftrace' ? 'execsnoop.bt' : 'execsnoop',
    description: `${shape.impl} execsnoop ${shape.versions}${shape.quote ? ', -q' : ''}: ${header}`,
    header: (line) => line === header,
    headerLine: header,
    row(line) {
      const body = parseExecsnoopRow(line, shape);
      return body === undefined ? undefined : { type: 'process.exec', body };
    },
    json: execsnoopRowJson(shape),
  };
}

/** probectl's program: its ready line is a header, and its event lines are read by ProbectlExecs, not as rows. */
const probectlLayout: TableLayout = {
  name: PROBECTL_LAYOUT,
  impl: 'bpftrace',
  tool: 'probectl-execsnoop.bt',
  description: `probectl's scripts-bt/execsnoop.bt (bpftrace 0.17+): "${PROBECTL_EXEC_HEADER}", then TAB-separated FILE and ARG lines from each call's entry and an EXEC line from its return, joined by pid and the entry's clock`,
  header: (line) => line === PROBECTL_EXEC_HEADER,
  headerLine: PROBECTL_EXEC_HEADER,
  row: () => undefined,
};

const layouts = withProvenance([...execsnoopShapes.map(layoutOf), probectlLayout], CAPTURED);
const programLayout: Layout = layouts.find((l) => l.name === PROBECTL_LAYOUT)!;

const stockParser = tableTool({
  tool: 'execsnoop',
  layouts,
  banners: [{ pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?)$/, impl: 'bpftrace' }],
});

class ExecsnoopParser implements LineParser {
  private readonly stock: LineParser;
  private readonly program = new ProbectlExecs();

  constructor(
    private readonly out: ParserOutput,
    options: ParserOptions,
  ) {
    this.stock = stockParser.create(out, options);
  }

  /** A stock row straight from its bytes (see TableLayout.json); a line of probectl's program, decoded without its padding, joined into its call. */
  lineBytes(line: Uint8Array, start: number, end: number, ts: number, notUtf8: boolean): boolean {
    if (!isProgramLine(line, start, end)) return this.stock.lineBytes!(line, start, end, ts, notUtf8);
    if (notUtf8) return false; // programLineText decodes valid UTF-8 only
    // A line the program's reader refuses goes to the text path whole, where it is reported with every byte.
    const done = this.program.line(programLineText(line, start, end), ts);
    if (done === undefined) return false;
    this.emit(done);
    return true;
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stdout') {
      const done = this.program.line(text, ts);
      if (done !== undefined) return this.emit(done);
    }
    this.stock.line(text, stream, ts);
  }

  private emit(calls: readonly CompletedExec[]): void {
    for (const call of calls) this.out.event(call.ts, 'process.exec', call.body, programLayout);
  }

  end(ts: number): void {
    this.emit(this.program.end());
    this.stock.end(ts);
  }
}

/** True when the line opens as one of ProbectlExecs' lines do: ARG, EXEC or FILE and a tab. */
function isProgramLine(line: Uint8Array, start: number, end: number): boolean {
  if (end - start < 5) return false;
  const [a, b, c, d] = [line[start], line[start + 1], line[start + 2], line[start + 3]];
  if (a === 65 && b === 82 && c === 71) return d === TAB; // ARG
  const fourLetters = line[start + 4] === TAB;
  if (a === 69 && b === 88 && c === 69 && d === 67) return fourLetters; // EXEC
  return a === 70 && b === 73 && c === 76 && d === 69 && fourLetters; // FILE
}

const TAB = 9;
/**
 * A program line decoded up to its first \x00 and one character more. bpftrace pads each %r buffer with \x00 to its
 * size: probectl's program prints 1.7 KB of text a call, six sevenths of it after the first \x00 of its lines, padding
 * that decodeBufText reads only for whether there is any, and one character after the first \x00 still tells it so.
 */
function programLineText(line: Uint8Array, start: number, end: number): string {
  const nul = firstNulText(line, start, end);
  const stop = nul === -1 || nul + 4 >= end ? end : nul + 5;
  const bytes = Buffer.isBuffer(line) ? line : Buffer.from(line.buffer, line.byteOffset, line.byteLength);
  return bytes.toString('utf8', start, stop);
}

/** Where the text \x00 first starts in line[start, end), or -1 (searched within the line: a chunk holds many). */
function firstNulText(line: Uint8Array, start: number, end: number): number {
  for (let i = start; i + 3 < end; i++) if (line[i] === BACKSLASH && line[i + 1] === 120 && line[i + 2] === 48 && line[i + 3] === 48) return i;
  return -1;
}

const BACKSLASH = 92;

export const execsnoopParser: ToolParser = {
  tool: 'execsnoop',
  layouts,
  create: (out, options = {}) => new ExecsnoopParser(out, options),
};
