// tcpdrop: tcp.drop events with their kernel stacks from bcc tcpdrop (0.26 and 0.34+) and tcpdrop.bt.
import { withProvenance } from '../../core/layout.js';
import { probectlLayout } from '../../core/probectl-layout.js';
import { tableTool, type TableLayout } from '../../core/table-parser.js';
import { bccFrame, bpftraceFrame } from './frame.js';
import { headerWords, tcpdropShapes, type TcpdropShape } from './layouts.js';
import { parseBccRow, parseBtRow } from './row.js';
import { PROBECTL_DROP_HEADER, parseProbectlDrop } from './probectl-row.js';

/** The layouts real recordings show (bpftrace tcpdrop.bt 0.17 on the project's lab machine; probectl's own program). */
const CAPTURED = ['bt', 'probectl-v1'];

function layoutOf(shape: TcpdropShape): TableLayout {
  const words = headerWords(shape.header);
  const first = words.slice(0, words.indexOf(' '));
  const withReason = shape.row === 'bcc';
  const parse = shape.row === 'bt' ? parseBtRow : (line: string) => parseBccRow(line, withReason);
  const layout: TableLayout = {
    name: shape.name,
    impl: shape.impl,
    tool: shape.tool,
    description: `${shape.impl} ${shape.tool} ${shape.versions}: ${shape.header.trimEnd()}, then ${shape.blankBeforeFrames ? 'an empty line, ' : ''}one stack frame a line and an empty line`,
    header: (line) => line.startsWith(first) && headerWords(line) === words,
    row(line) {
      const body = parse(line);
      return body === undefined ? undefined : { type: 'tcp.drop', body };
    },
    frame: shape.row === 'bt' ? bpftraceFrame : bccFrame,
    blankBeforeFrames: shape.blankBeforeFrames,
  };
  return layout;
}

export const tcpdropParser = tableTool({
  tool: 'tcpdrop',
  layouts: withProvenance(
    [
      ...tcpdropShapes.map(layoutOf),
      probectlLayout({
        tool: 'probectl-tcpdrop.bt',
        header: PROBECTL_DROP_HEADER,
        type: 'tcp.drop',
        fields: 'DROP family saddr sport daddr dport state flags reason_code reason pid comm',
        parse: parseProbectlDrop,
      }),
    ],
    CAPTURED,
  ),
  // bcc tcpdrop prints no banner; its "WARNING: tcp_drop() ..." line is reported as a warning.
  banners: [
    { pattern: /^Tracing tcp drops\. Hit Ctrl-C to end\. *$/, impl: 'bpftrace' },
    { pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?) *$/, impl: 'bpftrace' },
  ],
});
