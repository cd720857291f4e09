// tcpconnect: tcp.connect events from probectl's tcpconnect.bt and every BCC, libbpf-tools and tcpconnect.bt layout.
import { withProvenance } from '../../core/layout.js';
import { probectlLayout } from '../../core/probectl-layout.js';
import { tableTool, type TableLayout } from '../../core/table-parser.js';
import { connectHeader, connectLayoutName, connectShapes, rowColumns, type ConnectShape } from './layouts.js';
import { PROBECTL_CONNECT_HEADER, parseProbectlConnect } from './probectl-row.js';
import { parseConnectRow } from './row.js';
import { probectlConnectRowJson } from './row-json.js';

/** The layouts real recordings show: probectl's program. The stock tools need kprobes or fentry, which the project's lab machine lacks. */
const CAPTURED = ['probectl-v1'];

function layoutOf(shape: ConnectShape): TableLayout {
  const header = connectHeader(shape);
  const columns = rowColumns(shape);
  return {
    name: connectLayoutName(shape),
    impl: shape.impl,
    tool: shape.tool,
    description: `${shape.impl} ${shape.tool} ${shape.versions}: ${header}`,
    header: (line) => line === header,
    headerLine: header,
    row(line) {
      const body = parseConnectRow(line, shape, columns);
      return body === undefined ? undefined : { type: 'tcp.connect', body };
    },
  };
}

export const tcpconnectParser = tableTool({
  tool: 'tcpconnect',
  layouts: withProvenance(
    [
      probectlLayout({
        tool: 'probectl-tcpconnect.bt',
        header: PROBECTL_CONNECT_HEADER,
        type: 'tcp.connect',
        fields: 'CONNECT family saddr sport daddr dport state sk_err ns pid comm',
        parse: parseProbectlConnect,
        json: probectlConnectRowJson,
      }),
      ...connectShapes.map(layoutOf),
    ],
    CAPTURED,
  ),
  banners: [
    { pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?)$/, impl: 'bpftrace' },
    { pattern: /^Tracing tcp connections\. Hit Ctrl-C to end\.$/, impl: 'bpftrace' },
    { pattern: /^Tracing connect \.\.\. Hit Ctrl-C to end$/, impl: 'bcc' },
  ],
});
