// xdpcount: xdp.count and xdp.flow events from the XDP counter's loaders (libbpf and BCC), one layout each.
import { withProvenance } from '../../core/layout.js';
import { tableTool, type Row, type TableLayout } from '../../core/table-parser.js';
import type { Implementation } from '../../events/index.js';
import { XDPCOUNT_HEADER } from './ready-line.js';
import { parseCountLine, parseFlowLine } from './rows.js';

/** The layouts real recordings show. */
const CAPTURED = ['libbpf-v1', 'bcc-v1'];

function row(line: string): Row | undefined {
  const count = parseCountLine(line);
  if (count !== undefined) return { type: 'xdp.count', body: count };
  const flow = parseFlowLine(line);
  return flow === undefined ? undefined : { type: 'xdp.flow', body: flow };
}

function layout(impl: Extract<Implementation, 'libbpf' | 'bcc'>, tool: string): TableLayout {
  const header = `${XDPCOUNT_HEADER} ${impl}`;
  return {
    name: `${impl}-v1`,
    impl,
    tool,
    description: `probectl's bcc-tools/xdpcount/${tool}: "${header}" and TAB-separated iface=, mode=, prog_id=, prog=; per interval TAB-separated COUNT iface class family packets bytes interval-ms, FLOW iface src dst sport dport ip-protocol class packets bytes, then an empty line`,
    header: (line) => line === header || line.startsWith(header + '\t'),
    row,
  };
}

export const xdpcountParser = tableTool({
  tool: 'xdpcount',
  layouts: withProvenance([layout('libbpf', 'xdpcount'), layout('bcc', 'xdpcount.py')], CAPTURED),
  banners: [],
});
