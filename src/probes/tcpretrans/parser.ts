// tcpretrans: tcp.retransmit and tcp.retransmit.count events from bcc tcpretrans and tcpretrans.bt.
import { withProvenance } from '../../core/layout.js';
import { probectlLayout } from '../../core/probectl-layout.js';
import { tableTool, type Row, type TableLayout } from '../../core/table-parser.js';
import { headerWords, tcpretransShapes, type TcpretransRowKind, type TcpretransShape } from './layouts.js';
import { parseBccRow, parseBtRow, parseCountRow } from './row.js';
import { PROBECTL_RETRANS_HEADER, parseProbectlRetrans } from './probectl-row.js';

/** The layouts real recordings show (bcc tcpretrans-bpfcc 0.26 on the project's lab machine; probectl's own program). */
const CAPTURED = ['bcc', 'bcc-seq', 'bcc-count', 'probectl-v1'];

function rowParser(kind: TcpretransRowKind): (line: string) => Row | undefined {
  switch (kind) {
    case 'event':
    case 'event-seq': {
      const withSeq = kind === 'event-seq';
      return (line) => {
        const body = parseBccRow(line, withSeq);
        return body === undefined ? undefined : { type: 'tcp.retransmit', body };
      };
    }
    case 'bt':
      return (line) => {
        const body = parseBtRow(line);
        return body === undefined ? undefined : { type: 'tcp.retransmit', body };
      };
    case 'count':
      return (line) => {
        const body = parseCountRow(line);
        return body === undefined ? undefined : { type: 'tcp.retransmit.count', body };
      };
  }
}

function layoutOf(shape: TcpretransShape): TableLayout {
  const words = headerWords(shape.header);
  const first = words.slice(0, words.indexOf(' '));
  const layout: TableLayout = {
    name: shape.name,
    impl: shape.impl,
    tool: shape.tool,
    description: `${shape.impl} ${shape.tool} ${shape.versions}: ${shape.header.trimEnd()}`,
    header: (line) => line.startsWith(first) && headerWords(line) === words,
    row: rowParser(shape.row),
  };
  return layout;
}

export const tcpretransParser = tableTool({
  tool: 'tcpretrans',
  layouts: withProvenance(
    [
      ...tcpretransShapes.map(layoutOf),
      probectlLayout({
        tool: 'probectl-tcpretrans.bt',
        header: PROBECTL_RETRANS_HEADER,
        type: 'tcp.retransmit',
        fields: 'RETRANS family laddr lport raddr rport state',
        parse: parseProbectlRetrans,
      }),
    ],
    CAPTURED,
  ),
  banners: [
    { pattern: /^Tracing retransmits \.\.\. Hit Ctrl-C to end *$/, impl: 'bcc' },
    { pattern: /^Tracing tcp retransmits\. Hit Ctrl-C to end\. *$/, impl: 'bpftrace' },
    { pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?) *$/, impl: 'bpftrace' },
  ],
});
