// opensnoop: file.open events from every bcc, libbpf-tools and bpftrace layout.
import { withProvenance } from '../../core/layout.js';
import { tableTool, type TableLayout } from '../../core/table-parser.js';
import { opensnoopHeader, opensnoopLayoutName, opensnoopShapes, type OpensnoopShape } from './layouts.js';
import { parseOpensnoopRow } from './row.js';

/** The layouts real recordings show (libbpf-tools 0.26 and bpftrace 0.17 on the project's lab machine). */
const CAPTURED = ['libbpf', 'libbpf-T', 'libbpf-U', 'libbpf-e', 'libbpf-TUe', 'bt'];

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
  layouts: withProvenance(opensnoopShapes.map(layoutOf), CAPTURED),
  banners: [
    { pattern: /^Tracing open syscalls\.\.\. Hit Ctrl-C to end\.$/, impl: 'bpftrace' },
    { pattern: /^Attach(?:ing \d+ probes?\.\.\.|ed \d+ probes?)$/, impl: 'bpftrace' },
  ],
});
