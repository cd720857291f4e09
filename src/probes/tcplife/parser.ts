// tcplife: tcp.session events from every bcc, libbpf-tools and tcplife.bt layout.
import { withProvenance } from '../../core/layout.js';
import { probectlLayout } from '../../core/probectl-layout.js';
import { tableTool, type TableLayout } from '../../core/table-parser.js';
import { parseTcplifeCsv } from './csv.js';
import { tableColumns, tcplifeHeader, tcplifeLayoutName, tcplifeShapes, type TcplifeShape } from './layouts.js';
import { parseTcplifeRow } from './row.js';
import { PROBECTL_SESSION_HEADER, parseProbectlSession } from './probectl-row.js';

/** The layouts real recordings show (bcc 0.26 and libbpf-tools 0.26 on the project's lab machine; probectl's own program). */
const CAPTURED = ['bcc', 'bcc-T', 'bcc-t', 'bcc-w26', 'bcc-s', 'bcc-sTt', 'libbpf', 'libbpf-T', 'libbpf-w26', 'probectl-v1'];

function layoutOf(shape: TcplifeShape): TableLayout {
  const header = tcplifeHeader(shape);
  const columns = tableColumns(shape);
  const parse = shape.csv ? (line: string) => parseTcplifeCsv(line, shape) : (line: string) => parseTcplifeRow(line, shape, columns);
  return {
    name: tcplifeLayoutName(shape),
    impl: shape.impl,
    tool: shape.impl === 'bpftrace' ? 'tcplife.bt' : 'tcplife',
    description: `${shape.impl} tcplife ${shape.versions}: ${header}`,
    header: (line) => line === header,
    headerLine: header,
    row(line) {
      const body = parse(line);
      return body === undefined ? undefined : { type: 'tcp.session', body };
    },
  };
}

export const tcplifeParser = tableTool({
  tool: 'tcplife',
  layouts: withProvenance(
    [
      ...tcplifeShapes.map(layoutOf),
      probectlLayout({
        tool: 'probectl-tcplife.bt',
        header: PROBECTL_SESSION_HEADER,
        type: 'tcp.session',
        fields: 'SESSION family laddr lport raddr rport tx_bytes rx_bytes lifetime_us pid comm',
        parse: parseProbectlSession,
      }),
    ],
    CAPTURED,
  ),
  // bcc and libbpf-tools print no banner; bpftrace's header is bcc's default header.
  banners: [{ pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?)$/, impl: 'bpftrace' }],
});
