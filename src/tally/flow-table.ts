// The tables that list connections: a count per flow, and flow-view rows with their owner, lifetime and bytes.
import { flowText, ownerText } from './flow-text.js';
import type { Counted, FlowKey, FlowRow } from './flow-row.js';
import type { Column, Table } from './section.js';

/** One count per flow, the flows beyond the list summed in its "more" line. */
export function flowCountsTable(flows: readonly Counted<FlowKey>[], other: number, flowHeading: string, countHeading: string): Table {
  return {
    columns: [
      { key: 'flow', heading: flowHeading },
      { key: 'count', heading: countHeading, align: 'right', unit: 'count' },
    ],
    rows: flows.map((f) => ({ flow: flowText(f.key), count: f.count })),
    ...(other > 0 && { more: { count: other, what: 'on other flows' } }),
  };
}

/** The columns every table of flow-view rows has: the connection, its owner, its bytes. */
export const flowColumn: Column = { key: 'flow', heading: 'FLOW' };
export const ownerColumn: Column = { key: 'owner', heading: 'PID COMM', max: 24 };
export const bytesColumns: readonly Column[] = [
  { key: 'tx', heading: 'TX', align: 'right', unit: 'kib' },
  { key: 'rx', heading: 'RX', align: 'right', unit: 'kib' },
];

/** The cells those columns read from a flow-view row. */
export const flowRowCells = (r: FlowRow) => ({ flow: flowText(r), owner: ownerText(r), tx: r.tx_kb, rx: r.rx_kb });
