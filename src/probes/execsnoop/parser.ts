// execsnoop: process.exec events from every libbpf-tools, BCC and execsnoop.bt layout, and from probectl's own program.
import type { Layout, LineParser, ParserOptions, ParserOutput, Stream, ToolParser } from '../../core/layout.js';
import { withProvenance } from '../../core/layout.js';
import { PROBECTL_LAYOUT } from '../../core/probectl-layout.js';
import { type TableLayout, tableTool } from '../../core/table-parser.js';
import { type ExecsnoopShape, execsnoopHeader, execsnoopLayoutName, execsnoopShapes } from './layouts.js';
import { PROBECTL_EXEC_HEADER, ProbectlExecs } from './probectl-lines.js';
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

  /** A stock row straight from its bytes (see TableLayout.json); never a line of probectl's program, which line() joins. */
  lineBytes(line: Uint8Array, start: number, end: number, ts: number): boolean {
    if (isProgramLine(line, start, end)) return false;
    return this.stock.lineBytes!(line, start, end, ts);
  }

  line(text: string, stream: Stream, ts: number): void {
    if (stream === 'stdout') {
      const done = this.program.line(text, ts);
      if (done !== undefined) {
        for (const call of done) this.out.event(call.ts, 'process.exec', call.body, programLayout);
        return;
      }
    }
    this.stock.line(text, stream, ts);
  }

  end(ts: number): void {
    for (const call of this.program.end()) this.out.event(call.ts, 'process.exec', call.body, programLayout);
    this.stock.end(ts);
  }
}

/** True when the line opens as one of ProbectlExecs' lines do: ARG, EXEC or FILE and a tab. */
function isProgramLine(line: Uint8Array, start: number, end: number): boolean {
  const tab = end - start > 4 && line[start + 3] === 9 ? start + 3 : end - start > 5 && line[start + 4] === 9 ? start + 4 : -1;
  if (tab < 0) return false;
  const word = String.fromCharCode(...line.subarray(start, tab));
  return word === 'ARG' || word === 'EXEC' || word === 'FILE';
}

export const execsnoopParser: ToolParser = {
  tool: 'execsnoop',
  layouts,
  create: (out, options = {}) => new ExecsnoopParser(out, options),
};
