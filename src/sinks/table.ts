// A plain-text table for people: one stable set of columns per event type (every field of its schema), aligned under
// one header, re-printed only when the type of row changes or a value outgrows its column.
import type { Writable } from 'node:stream';
import { knownMessage, knownText } from '../core/diagnostics.js';
import type { EventType, ProbeEvent } from '../events/index.js';
import { eventSchemas } from '../probes/registry.js';
import { errnoName } from '../core/errno.js';

const ENVELOPE = new Set(['type', 'ts', 'probe', 'source', 'host', 'seq']);
/**
 * The widest value each column plausibly holds: a column starts this wide (or as wide as its title) and grows only when
 * a value is wider still. Unlisted columns start as wide as their title.
 */
const PLAUSIBLE_WIDTHS: Record<string, number> = {
  ts: 12, // HH:MM:SS.mmm
  probe: 10,
  time: 8,
  elapsed_s: 10,
  pid: 7, // pid_max is 4194304
  tid: 7,
  uid: 5,
  comm: 15, // TASK_COMM_LEN less its NUL
  fd: 4,
  errno: 12, // ENAMETOOLONG
  flags: 9, // 0 and eight octal digits
  mode: 5,
  family: 1,
  laddr: 39, // an IPv6 address in full
  raddr: 39,
  saddr: 39,
  daddr: 39,
  src: 39,
  dst: 39,
  lport: 5,
  rport: 5,
  sport: 5,
  dport: 5,
  iface: 15, // IFNAMSIZ less its NUL
  proto: 7, // icmpv6, roce_v2
  traffic_type: 7,
  packets: 9,
  bytes: 12,
  interval_ms: 6,
  pps: 10,
  bps: 12,
  state: 11, // ESTABLISHED
  kind: 7,
  tcp_seq: 10,
  tcp_flags: 12,
  reason: 22,
  reason_code: 3,
  tx_kb: 9,
  rx_kb: 9,
  duration_ms: 11,
  map: 14,
  key: 24,
  count: 9,
  cpu: 3,
  level: 7, // warning, unparsed
  average: 10,
  total: 10,
  stream: 6,
  backend: 8,
  exit_code: 3,
  signal: 7,
};
/** Long free-text fields go last so that nothing after them is pushed out of line. */
const LAST = ['path', 'message', 'stack', 'value', 'buckets'];

/** Every column a type can have, in the order the table shows them. */
export function tableColumns(type: EventType): string[] {
  const keys = Object.keys(eventSchemas[type].shape).filter((k) => !ENVELOPE.has(k));
  return [...keys.filter((k) => !LAST.includes(k)), ...keys.filter((k) => LAST.includes(k))];
}

function cell(value: unknown, key: string): string {
  if (value === undefined) return '';
  if (key === 'errno' && typeof value === 'number') return errnoName(value); // the name, as in the summary; JSON keeps the number
  if (key === 'stack' && Array.isArray(value)) return value.length === 0 ? '' : `${value[0]} (+${value.length - 1} frames)`;
  if (key === 'flags' || key === 'mode') return typeof value === 'number' ? '0' + value.toString(8) : String(value);
  if (key === 'buckets' && Array.isArray(value))
    return value.map((b: { min: number | null; max: number | null; count: number }) => `[${b.min ?? '-inf'},${b.max ?? 'inf'}]:${b.count}`).join(' ');
  // Arguments may hold commas, spaces and newlines: each one quoted as JSON quotes it, so the cell shows where each ends.
  if (key === 'args' && Array.isArray(value)) return value.map((a) => JSON.stringify(a)).join(' ');
  if (Array.isArray(value)) return value.join(key === 'tcp_flags' ? '|' : ',');
  // The JSON keeps every digit; a person reads two decimals.
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(2);
  const text = String(value);
  return text.includes('\n') ? text.replaceAll('\n', '\\n') : text; // one event, one line
}

const clock = (ts: number): string => new Date(ts).toISOString().slice(11, 23);

export interface TableOptions {
  /** A PROBE column after TS, for a stream that merges several probes. */
  probeColumn?: boolean;
}

/** One type's columns and their widths so far. */
interface TypeTable {
  keys: string[];
  titles: string[];
  widths: number[];
}

export class TableSink {
  private readonly tables = new Map<EventType, TypeTable>();
  /** The type of the last row printed: a header is printed when it changes. */
  private lastType: EventType | undefined;
  /** Known harmless lines already shown, by probe: each is shown once per probe. */
  private readonly knownShown = new Set<string>();
  private buffer = '';
  private readonly lead: string[];

  constructor(
    private readonly out: Writable,
    options: TableOptions = {},
  ) {
    this.lead = options.probeColumn ? ['ts', 'probe'] : ['ts'];
  }

  write(event: ProbeEvent): void {
    const record = event as unknown as Record<string, unknown>;
    const table = this.tableOf(event.type);
    const cells = table.keys.map((c) => (c === 'ts' ? clock(event.ts) : cell(record[c], c)));
    if (event.type === 'tool.diagnostic') {
      const known = event.level === 'info' ? knownMessage(event.message) : undefined;
      if (known !== undefined) {
        const id = event.probe + '\n' + known.label;
        if (this.knownShown.has(id)) return;
        this.knownShown.add(id);
        cells[cells.length - 1] = knownText(known); // message is the last column
      }
    }
    let grown = false;
    for (let i = 0; i < cells.length - 1; i++)
      if (cells[i]!.length > table.widths[i]!) {
        table.widths[i] = cells[i]!.length;
        grown = true;
      }
    if (grown || event.type !== this.lastType) {
      this.lastType = event.type;
      this.buffer += `\n# ${event.type}\n` + this.row(table.titles, table.widths);
    }
    this.buffer += this.row(cells, table.widths);
    if (this.buffer.length >= 1 << 16) this.flush();
  }

  flush(): boolean {
    const text = this.buffer;
    this.buffer = '';
    return text.length === 0 ? !this.out.writableNeedDrain : this.out.write(text);
  }

  private tableOf(type: EventType): TypeTable {
    let table = this.tables.get(type);
    if (table === undefined) {
      const keys = [...this.lead, ...tableColumns(type)];
      const titles = keys.map((k) => k.toUpperCase());
      table = { keys, titles, widths: keys.map((k, i) => Math.max(titles[i]!.length, PLAUSIBLE_WIDTHS[k] ?? 0)) };
      this.tables.set(type, table);
    }
    return table;
  }

  private row(cells: string[], widths: number[]): string {
    const last = cells.length - 1;
    return (
      cells
        .map((c, i) => (i === last ? c : c.padEnd(widths[i]!)))
        .join(' ')
        .trimEnd() + '\n'
    );
  }
}
