// The layout of probectl's own bpftrace programs (scripts-bt/): a ready line, then one TAB-separated line per event.
import type { EventBody, EventType } from '../events/index.js';
import type { RowJson } from './row-json-writer.js';
import type { TableLayout } from './table-parser.js';

/** The layout name every probectl program's first version prints. */
export const PROBECTL_LAYOUT = 'probectl-v1';

export interface ProbectlLayoutSpec<T extends EventType> {
  /** The program as users know it: "probectl-<probe>.bt". */
  tool: string;
  /** The ready line its BEGIN prints: "PROBECTL <probe> v1". */
  header: string;
  type: T;
  /** The event line's fields, for the description. */
  fields: string;
  parse(line: string): EventBody<T> | undefined;
  /** The event lines' JSON fast path (a RowJson that takes no header line). */
  json?: RowJson;
}

export function probectlLayout<T extends EventType>(spec: ProbectlLayoutSpec<T>): TableLayout {
  return {
    name: PROBECTL_LAYOUT,
    impl: 'bpftrace',
    tool: spec.tool,
    description: `probectl's scripts-bt/${spec.tool.replace(/^probectl-/, '')} (bpftrace 0.17+): "${spec.header}", then TAB-separated ${spec.fields}`,
    header: (line) => line === spec.header,
    headerLine: spec.header,
    row(line) {
      const body = spec.parse(line);
      return body === undefined ? undefined : ({ type: spec.type, body } as ReturnType<TableLayout['row']>);
    },
    ...(spec.json !== undefined && { json: spec.json }),
  };
}
