// A plain-text table: columns come from each event type's schema, a header whenever the type changes.
import type { Writable } from 'node:stream';
import { eventSchemas, type EventType, type ProbeEvent } from '../events/index.js';

const ENVELOPE = new Set(['type', 'ts', 'probe', 'source', 'host', 'seq']);
/** Widths of the columns that are not last; anything unlisted gets 10. */
const WIDTHS: Record<string, number> = {
  time: 8, elapsed_s: 12, pid: 7, tid: 7, uid: 6, comm: 16, fd: 4, errno: 5, flags: 9, mode: 5, family: 3,
  laddr: 39, raddr: 39, saddr: 39, daddr: 39, lport: 5, rport: 5, sport: 5, dport: 5, state: 12, kind: 7,
  tcp_seq: 10, tcp_flags: 12, reason: 22, reason_code: 5, tx_kb: 9, rx_kb: 9, duration_ms: 11, map: 14, key: 24,
  count: 9, cpu: 4, level: 8, average: 10, total: 10, stream: 6, probe: 12,
};
/** Long free-text fields go last so that nothing after them is pushed out of line. */
const LAST = ['path', 'message', 'stack', 'value', 'buckets'];

export function tableColumns(type: EventType): string[] {
  const keys = Object.keys(eventSchemas[type].shape).filter((k) => !ENVELOPE.has(k));
  return [...keys.filter((k) => !LAST.includes(k)), ...keys.filter((k) => LAST.includes(k))];
}

function cell(value: unknown, key: string): string {
  if (value === undefined) return '-';
  if (key === 'stack' && Array.isArray(value)) return value.length === 0 ? '' : `${value[0]} (+${value.length - 1} frames)`;
  if (key === 'flags' || key === 'mode') return typeof value === 'number' ? '0' + value.toString(8) : String(value);
  if (key === 'buckets' && Array.isArray(value)) return value.map((b: { min: number | null; max: number | null; count: number }) => `[${b.min ?? '-inf'},${b.max ?? 'inf'}]:${b.count}`).join(' ');
  if (Array.isArray(value)) return value.join(key === 'tcp_flags' ? '|' : ',');
  const text = String(value);
  return text.includes('\n') ? text.replaceAll('\n', '\\n') : text; // one event, one line
}

const clock = (ts: number): string => new Date(ts).toISOString().slice(11, 23);

export interface TableOptions {
  /** A PROBE column after TS, for a stream that merges several probes. */
  probeColumn?: boolean;
}

export class TableSink {
  private lastType: string | undefined;
  private buffer = '';
  private readonly lead: string[];

  constructor(private readonly out: Writable, options: TableOptions = {}) {
    this.lead = options.probeColumn ? ['ts', 'probe'] : ['ts'];
  }

  write(event: ProbeEvent): void {
    const columns = tableColumns(event.type);
    const keys = [...this.lead, ...columns];
    if (event.type !== this.lastType) {
      this.lastType = event.type;
      this.buffer += `\n# ${event.type}\n` + this.row(keys.map((c) => c.toUpperCase()), keys);
    }
    const record = event as unknown as Record<string, unknown>;
    this.buffer += this.row(keys.map((c) => (c === 'ts' ? clock(event.ts) : cell(record[c], c))), keys);
    if (this.buffer.length >= 1 << 16) this.flush();
  }

  flush(): boolean {
    const text = this.buffer;
    this.buffer = '';
    return text.length === 0 ? !this.out.writableNeedDrain : this.out.write(text);
  }

  private row(cells: string[], keys: string[]): string {
    const last = cells.length - 1;
    return cells.map((c, i) => (i === last ? c : c.padEnd(keys[i] === 'ts' ? 12 : (WIDTHS[keys[i]!] ?? 10)))).join(' ') + '\n';
  }
}
