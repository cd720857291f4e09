// opensnoop: file.open events from every bcc, libbpf-tools and bpftrace layout.
import { tableTool, type TableLayout } from '../../core/table-parser.js';
import { opensnoopHeader, opensnoopLayoutName, opensnoopShapes, type OpensnoopShape } from './layouts.js';
import { parseOpensnoopRow } from './row.js';

function layoutOf(shape: OpensnoopShape): TableLayout {
  const header = opensnoopHeader(shape);
  return {
    name: opensnoopLayoutName(shape),
    impl: shape.impl,
    tool: shape.impl === 'bpftrace' ? 'opensnoop.bt' : 'opensnoop',
    description: `${shape.impl} opensnoop ${shape.versions}: ${header}`,
    header: (line) => line === header,
    row(line) {
      const body = parseOpensnoopRow(line, shape);
      return body === undefined ? undefined : { type: 'file.open', body };
    },
  };
}

export const opensnoopParser = tableTool({
  tool: 'opensnoop',
  layouts: opensnoopShapes.map(layoutOf),
  banners: [
    { pattern: /^Tracing open syscalls\.\.\. Hit Ctrl-C to end\.$/, impl: 'bpftrace' },
    { pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?)$/, impl: 'bpftrace' },
  ],
});
