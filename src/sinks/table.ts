// A plain-text table for people: columns from each event type's schema, only those the events carry,
// a header whenever the kind of row changes.
import type { Writable } from 'node:stream';
import type { EventType, ProbeEvent } from '../events/index.js';
import { eventSchemas } from '../probes/registry.js';

const ENVELOPE = new Set(['type', 'ts', 'probe', 'source', 'host', 'seq']);
/** Widths of the columns that are not last; anything unlisted gets 10. Wider values push the row right. */
const WIDTHS: Record<string, number> = {
  ts: 12,
  probe: 10,
  time: 8,
  elapsed_s: 10,
  pid: 7,
  tid: 7,
  uid: 6,
  comm: 16,
  fd: 4,
  errno: 5,
  flags: 9,
  mode: 5,
  family: 3,
  laddr: 15,
  raddr: 15,
  saddr: 15,
  daddr: 15,
  lport: 5,
  rport: 5,
  sport: 5,
  dport: 5,
  state: 12,
  kind: 7,
  tcp_seq: 10,
  tcp_flags: 12,
  reason: 22,
  reason_code: 5,
  tx_kb: 9,
  rx_kb: 9,
  duration_ms: 11,
  map: 14,
  key: 24,
  count: 9,
  cpu: 4,
  level: 8,
  average: 10,
  total: 10,
  stream: 6,
  backend: 9,
  exit_code: 4,
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
  if (key === 'stack' && Array.isArray(value)) return value.length === 0 ? '' : `${value[0]} (+${value.length - 1} frames)`;
  if (key === 'flags' || key === 'mode') return typeof value === 'number' ? '0' + value.toString(8) : String(value);
  if (key === 'buckets' && Array.isArray(value))
    return value.map((b: { min: number | null; max: number | null; count: number }) => `[${b.min ?? '-inf'},${b.max ?? 'inf'}]:${b.count}`).join(' ');
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

export class TableSink {
  /** The type and columns of the last row: a header is printed when they change. */
  private lastShape: string | undefined;
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
    const keys = [...this.lead, ...tableColumns(event.type).filter((c) => record[c] !== undefined)];
    const shape = event.type + ':' + keys.join(',');
    if (shape !== this.lastShape) {
      this.lastShape = shape;
      this.buffer +=
        `\n# ${event.type}\n` +
        this.row(
          keys.map((c) => c.toUpperCase()),
          keys,
        );
    }
    this.buffer += this.row(
      keys.map((c) => (c === 'ts' ? clock(event.ts) : cell(record[c], c))),
      keys,
    );
    if (this.buffer.length >= 1 << 16) this.flush();
  }

  flush(): boolean {
    const text = this.buffer;
    this.buffer = '';
    return text.length === 0 ? !this.out.writableNeedDrain : this.out.write(text);
  }

  private row(cells: string[], keys: string[]): string {
    const last = cells.length - 1;
    return cells.map((c, i) => (i === last ? c : c.padEnd(WIDTHS[keys[i]!] ?? 10))).join(' ') + '\n';
  }
}
