// The flow view as a section: each connection with its owner, retransmits, drops, lifetime, bytes and drop reasons.
import { bytesColumns, flowColumn, flowRowCells, ownerColumn } from '../tally/flow-table.js';
import { dropReasonsText } from '../tally/flow-text.js';
import type { FlowRow } from '../tally/flow-row.js';
import type { Section } from '../tally/section.js';
import { count } from '../tally/units.js';

export function flowSections(rows: readonly FlowRow[]): Section[] {
  if (rows.length === 0) return [];
  return [
    {
      id: 'flows',
      title: 'Flows',
      note: [' (retransmits, drops and sessions of each connection, joined by 4-tuple)'],
      tables: [
        {
          columns: [
            flowColumn,
            ownerColumn,
            { key: 'retransmits', heading: 'RETRANS', align: 'right' },
            { key: 'drops', heading: 'DROPS', align: 'right', unit: 'count' },
            { key: 'lifetime', heading: 'LIFETIME', align: 'right', unit: 'duration' },
            ...bytesColumns,
            { key: 'reasons', heading: 'DROP REASONS', max: 60 },
          ],
          rows: rows.map((r) => ({
            ...flowRowCells(r),
            retransmits: r.tlp > 0 ? `${count(r.retransmits)} (${count(r.tlp)} TLP)` : count(r.retransmits),
            drops: r.drops,
            lifetime: r.duration_ms,
            reasons: dropReasonsText(r),
          })),
        },
      ],
    },
  ];
}

/** The flow view in the runbook reports: the same rows, retransmits without their tail loss probes. */
export function flowReportSections(rows: readonly FlowRow[]): Section[] {
  if (rows.length === 0) return [];
  return [
    {
      id: 'flows',
      title: 'Top flows',
      aside: 'Retransmits, drops and sessions of each connection, joined by 4-tuple and time.',
      tables: [
        {
          columns: [
            { ...flowColumn, heading: 'flow' },
            { ...ownerColumn, heading: 'pid comm' },
            { key: 'retransmits', heading: 'retransmits', align: 'right', unit: 'count' },
            { key: 'drops', heading: 'drops', align: 'right', unit: 'count' },
            { key: 'lifetime', heading: 'lifetime', align: 'right', unit: 'duration' },
            ...bytesColumns.map((c) => ({ ...c, heading: c.heading.toLowerCase() })),
            { key: 'reasons', heading: 'drop reasons' },
          ],
          rows: rows.map((r) => ({ ...flowRowCells(r), retransmits: r.retransmits, drops: r.drops, lifetime: r.duration_ms, reasons: dropReasonsText(r) })),
        },
      ],
    },
  ];
}
