// tcplife: tcp.session events from every bcc, libbpf-tools and tcplife.bt layout.
import { tableTool, type TableLayout } from '../../core/table-parser.js';
import { parseTcplifeCsv } from './csv.js';
import { tableColumns, tcplifeHeader, tcplifeLayoutName, tcplifeShapes, type TcplifeShape } from './layouts.js';
import { parseTcplifeRow } from './row.js';

function layoutOf(shape: TcplifeShape): TableLayout {
  const header = tcplifeHeader(shape);
  const columns = tableColumns(shape);
  const parse = shape.csv ? (line: string) => parseTcplifeCsv(line, shape) : (line: string) => parseTcplifeRow(line, shape, columns);
  return {
    name: tcplifeLayoutName(shape),
    impl: shape.impl,
    tool: shape.impl === 'bpftrace' ? 'tcplife.bt' : 'tcplife',
    description: `${shape.impl} tcplife ${shape.versions}: ${header}`,
    ...(shape.fromSource ? { fromSource: true } : {}),
    header: (line) => line === header,
    row(line) {
      const body = parse(line);
      return body === undefined ? undefined : { type: 'tcp.session', body };
    },
  };
}

export const tcplifeParser = tableTool({
  tool: 'tcplife',
  layouts: tcplifeShapes.map(layoutOf),
  // bcc and libbpf-tools print no banner; bpftrace's header is bcc's default header.
  banners: [{ pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?)$/, impl: 'bpftrace' }],
});
