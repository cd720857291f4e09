// opensnoop: file.open events from every bcc, libbpf-tools and bpftrace layout.
import { withProvenance } from '../../core/layout.js';
import { probectlLayout } from '../../core/probectl-layout.js';
import { tableTool, type TableLayout } from '../../core/table-parser.js';
import { opensnoopHeader, opensnoopLayoutName, opensnoopShapes, type OpensnoopShape } from './layouts.js';
import { parseOpensnoopRow } from './row.js';
import { opensnoopRowJson } from './row-json.js';
import { PROBECTL_OPEN_HEADER, parseProbectlOpen } from './probectl-row.js';

/** The layouts real recordings show (libbpf-tools 0.26 and bpftrace 0.17 on the project's lab machine; probectl's own program). */
const CAPTURED = ['libbpf', 'libbpf-T', 'libbpf-U', 'libbpf-e', 'libbpf-TUe', 'bt', 'probectl-v1'];

function layoutOf(shape: OpensnoopShape): TableLayout {
  const header = opensnoopHeader(shape);
  return {
    name: opensnoopLayoutName(shape),
    impl: shape.impl,
    tool: shape.impl === 'bpftrace' ? 'opensnoop.bt' : 'opensnoop',
    description: `${shape.impl} opensnoop ${shape.versions}: ${header}`,
    header: (line) => line === header,
    headerLine: header,
    row(line) {
      const body = parseOpensnoopRow(line, shape);
      return body === undefined ? undefined : { type: 'file.open', body };
    },
    json: opensnoopRowJson(shape),
  };
}

export const opensnoopParser = tableTool({
  tool: 'opensnoop',
  layouts: withProvenance(
    [
      ...opensnoopShapes.map(layoutOf),
      probectlLayout({
        tool: 'probectl-opensnoop.bt',
        header: PROBECTL_OPEN_HEADER,
        type: 'file.open',
        fields: 'OPEN pid tid uid fd errno flags mode comm path',
        parse: parseProbectlOpen,
      }),
    ],
    CAPTURED,
  ),
  banners: [
    { pattern: /^Tracing open syscalls\.\.\. Hit Ctrl-C to end\.$/, impl: 'bpftrace' },
    { pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?)$/, impl: 'bpftrace' },
  ],
});
