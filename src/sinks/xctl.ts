// xctl JSONL: the events their modules mark xctl (retransmits and drops) as the transport.drop records that xctl/ark-style network probes feed their event bus.
import type { Writable } from 'node:stream';
import { plural } from '../core/plural.js';
import type { EventType, ProbeEvent } from '../events/index.js';
import { eventTraits, eventTypes } from '../probes/registry.js';

const BATCH_CHARS = 1 << 16;

/** The types written; the xctl trait is allowed only on types with a pid field. */
const XCTL_TYPES: ReadonlySet<EventType> = new Set(eventTypes.filter((type) => eventTraits[type]?.xctl === true));

/** One record, keys in xctl's order, no spaces; `value` is the pid's running count as a string, as xctl's own probes report it. */
export function xctlLine(ts: number, pid: number, count: number): string {
  return `{"ts":${ts},"event_type":"transport.drop","entity_id":"network-pid-${pid}","pid":${pid},"value":"${count}"}`;
}

/**
 * Writes one line per event of an xctl type, counting those types together per pid: the
 * value is how many of them that pid has had so far. The pid is the one the tool printed (0 for
 * softirq stays 0). An event without a pid names no entity: it is skipped and counted in `skipped`.
 * Other event types are not written.
 */
export class XctlSink {
  /** Events of the xctl types that printed no pid, so were not written. */
  skipped = 0;
  private readonly counts = new Map<number, number>();
  private batch = '';

  constructor(private readonly out: Writable) {}

  write(event: ProbeEvent): void {
    if (!XCTL_TYPES.has(event.type)) return;
    const { pid } = event as { pid?: number };
    if (pid === undefined) {
      this.skipped++;
      return;
    }
    const count = (this.counts.get(pid) ?? 0) + 1;
    this.counts.set(pid, count);
    this.batch += xctlLine(event.ts, pid, count) + '\n';
    if (this.batch.length >= BATCH_CHARS) this.flush();
  }

  /** Writes what is batched; false when the reader is slow and the caller should wait for 'drain'. */
  flush(): boolean {
    if (this.batch.length === 0) return !this.out.writableNeedDrain;
    const text = this.batch;
    this.batch = '';
    return this.out.write(text);
  }

  /** For the closing line on stderr: how many events had no pid; undefined when none. */
  note(): string | undefined {
    return this.skipped === 0 ? undefined : `${plural(this.skipped, 'retransmit or drop', 'retransmits and drops')} without a pid not written (xctl)`;
  }
}
