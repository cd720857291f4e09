// execsnoop: process.exec events from every libbpf-tools, BCC and execsnoop.bt layout, and from probectl's own program.
import type { Layout, LineParser, ParserOptions, ParserOutput, Stream, ToolParser } from '../../core/layout.js';
import { withProvenance } from '../../core/layout.js';
import { PROBECTL_LAYOUT } from '../../core/probectl-layout.js';
import { JsonBytes } from '../../core/json-line-batch.js';
import { NO_LINE, type RowJson } from '../../core/row-json-writer.js';
import { type TableLayout, tableTool } from '../../core/table-parser.js';
import type { EventBody } from '../../events/index.js';
import { type ExecsnoopShape, execsnoopHeader, execsnoopLayoutName, execsnoopShapes } from './layouts.js';
import { putCallMembers } from './exec-json.js';
import { bodyOf, type Call, isTruncated, lineKind, PROBECTL_EXEC_HEADER, ProbectlExecs } from './probectl-lines.js';
import { parseExecsnoopRow, shortestExecsnoopRow } from './row.js';
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
    shortestRow: shortestExecsnoopRow(shape),
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
  private readonly program: ProbectlExecs;
  /** The call emit() is writing, for callJson. */
  private writing: Call | undefined;
  /** A completed call of the program written from the JSON text it kept, where the output takes bytes (exec-json.ts). */
  private readonly callJson: RowJson = {
    type: 'process.exec',
    notUtf8: true,
    write: (_line, _start, _end, out) => {
      const call = this.writing!;
      putCallMembers(out, call.exec!, call.json!, isTruncated(call));
      return true;
    },
  };

  constructor(
    private readonly out: ParserOutput,
    options: ParserOptions,
  ) {
    this.stock = stockParser.create(out, options);
    this.program = new ProbectlExecs(out.json !== undefined);
  }

  /** A stock row straight from its bytes (see TableLayout.json); a line of probectl's program read from its bytes and joined into its call. */
  lineBytes(line: Uint8Array, start: number, end: number, ts: number, notUtf8: boolean): boolean {
    const kind = lineKind(line, start, end);
    if (kind === undefined) return this.stock.lineBytes!(line, start, end, ts, notUtf8);
    if (notUtf8) return false; // the text path has its bytes that are not UTF-8 as \xNN text, which the program's reader decodes
    // A line the program's reader refuses goes to the text path whole, where it is reported with every byte.
    const done = this.program.lineBytes(kind, line, start, end, ts);
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

  /** Calls kept as JSON text (the output takes bytes) are written from it; the others as bodies. */
  private emit(calls: readonly Call[]): void {
    const json = this.out.json;
    for (const call of calls) {
      const ts = call.exec!.ts;
      if (call.json === undefined) this.out.event(ts, 'process.exec', bodyOf(call), programLayout);
      else {
        this.writing = call;
        if (!json!(ts, programLayout, this.callJson, NO_LINE, 0, 0, true)) this.out.event(ts, 'process.exec', jsonBody(call), programLayout);
        this.program.release(call);
      }
    }
  }

  end(ts: number): void {
    this.emit(this.program.end());
    this.stock.end(ts);
  }
}

/** A call kept as JSON text, as a body: for an output that would not take its bytes. */
function jsonBody(call: Call): EventBody<'process.exec'> {
  const members = new JsonBytes(1 << 12, () => {});
  putCallMembers(members, call.exec!, call.json!, isTruncated(call));
  return JSON.parse(`{${members.bytes.toString('utf8', 1, members.length)}}`) as EventBody<'process.exec'>;
}

export const execsnoopParser: ToolParser = {
  tool: 'execsnoop',
  layouts,
  create: (out, options = {}) => new ExecsnoopParser(out, options),
};
