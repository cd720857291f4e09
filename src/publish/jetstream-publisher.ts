// --publish: every event to PREFIX.<host>.<type> on JetStream, acknowledged, in order, through a bounded spool while the server is away.
import { hostname } from 'node:os';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { plural } from '../core/plural.js';
import type { ProbeEvent } from '../events/index.js';
import { connectPatiently, reasonOf } from './nats-connection.js';
import { messageId } from './message-id.js';
import type { NatsTarget } from './nats-target.js';
import { Spool, type SpoolLimits } from './spool.js';
import { ensureStream, type StreamSettings } from './stream.js';
import { eventSubject } from './subject.js';

export interface PublishSettings {
  target: NatsTarget;
  stream: StreamSettings;
  spool: SpoolLimits;
  /** Seconds the end of a run waits for the spool to empty before what is left counts as lost. */
  drainS: number;
}

/** Messages sent before their acks are awaited; a failure resends them all, and the server's dedup drops those it had. */
const WINDOW = 128;
const ACK_TIMEOUT_MS = 2000;
const RETRY_MS = 500;
/** The producer waits (room()) while this many bytes wait and the server is there to take them. */
const HIGH_WATER_BYTES = 1 << 20;

export class JetStreamPublisher {
  /** Stored by the server; duplicates: resent events it already had. */
  readonly counts = { stored: 0, duplicates: 0, unsent: 0, kept: 0 };
  private readonly spool: Spool;
  private readonly stop = new AbortController();
  private connection: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private streamReady = false;
  private connected = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastProblem: string | undefined;
  private readonly localHost = hostname();
  private waitingBytes = 0;

  constructor(
    private readonly settings: PublishSettings,
    /** Unique to this stream of events: its boot and start, or its recording (message-id.ts). */
    private readonly origin: string,
    private readonly warn: (line: string) => void,
  ) {
    this.spool = new Spool(settings.spool); // a --spool directory that cannot be written stops the run here
    if (this.spool.takenOver > 0) warn(`probectl: ${plural(this.spool.takenOver, 'event')} an earlier run left unsent in ${settings.spool.dir} are sent first`);
  }

  start(): void {
    this.loop = this.run();
  }

  publish(event: ProbeEvent): void {
    const host = event.host === '' ? this.localHost : event.host;
    const data = JSON.stringify(event);
    if (this.spool.push({ subject: eventSubject(this.settings.target.prefix, host, event.type), id: messageId(host, this.origin, event.seq), data }))
      this.waitingBytes += data.length;
    this.wake?.();
  }

  /** Resolves when the producer may go on: at once while the server is away (the spool takes the events), else once the backlog is small. */
  async room(): Promise<void> {
    while (this.connected && this.waitingBytes > HIGH_WATER_BYTES && !this.stop.signal.aborted) await new Promise((r) => setTimeout(r, 5));
  }

  /** Waits up to drainS for what is spooled to be stored, then closes; what is left is counted as lost. */
  async close(): Promise<void> {
    const deadline = Date.now() + this.settings.drainS * 1000;
    while (!this.spool.empty && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.stop.abort();
    this.wake?.();
    await this.loop;
    await this.connection?.close().catch(() => undefined);
    this.counts.kept = this.spool.close();
    this.counts.unsent = this.counts.kept > 0 ? 0 : this.spool.waiting;
  }

  /** For the closing line: what was stored, and what was lost and why. */
  note(): string {
    const { stored, duplicates, unsent, kept } = this.counts;
    const parts = [`published ${plural(stored, 'event')} to ${this.settings.target.shown} (stream ${this.settings.stream.name})`];
    if (duplicates > 0) parts.push(`${duplicates} already stored`);
    if (this.spool.spilled > 0) parts.push(`${this.spool.spilled} waited in the spool file`);
    if (kept > 0) parts.push(`${plural(kept, 'event')} unsent, kept in ${this.settings.spool.dir} for the next run with --spool there`);
    const lost = this.spool.lost + unsent;
    if (lost > 0)
      parts.push(
        `${plural(lost, 'event')} lost (${[this.spool.lost > 0 ? `${this.spool.lost} did not fit the spool` : '', unsent > 0 ? `${unsent} unsent when the run ended` : ''].filter(Boolean).join(', ')})`,
      );
    return parts.join(', ');
  }

  get lost(): number {
    return this.spool.lost + this.counts.unsent;
  }

  private async run(): Promise<void> {
    const { target } = this.settings;
    this.connection = await connectPatiently(target, 'probectl publish', this.stop.signal, (reason) =>
      this.problem(`cannot reach ${target.shown}: ${reason}; events wait in the spool and are sent when it answers`),
    );
    if (this.connection === undefined) return;
    this.connected = true;
    void this.watchStatus(this.connection);
    this.js = jetstream(this.connection);
    while (!this.stop.signal.aborted) {
      if (this.spool.empty) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      await this.sendWindow();
    }
  }

  /** Sends the next messages, all of them before awaiting their acks; a failure waits and leaves them spooled for the next try. */
  private async sendWindow(): Promise<void> {
    try {
      if (!this.streamReady) {
        const created = await ensureStream(await jetstreamManager(this.connection!), this.settings.target.prefix, this.settings.stream);
        if (created) this.warn(`probectl: created the JetStream stream ${this.settings.stream.name} for ${this.settings.target.prefix}.>`);
        this.streamReady = true;
      }
      const batch = this.spool.peek(WINDOW);
      const acks = await Promise.all(batch.map((m) => this.js!.publish(m.subject, m.data, { msgID: m.id, timeout: ACK_TIMEOUT_MS, retries: 0 })));
      for (const [i, ack] of acks.entries()) {
        if (ack.duplicate) this.counts.duplicates++;
        else this.counts.stored++;
        this.waitingBytes = Math.max(0, this.waitingBytes - batch[i]!.data.length); // an earlier run's messages were never counted in
      }
      this.spool.drop(batch.length);
      if (this.lastProblem !== undefined) this.warn(`probectl: publishing to ${this.settings.target.shown} again`);
      this.lastProblem = undefined;
    } catch (error) {
      this.streamReady = false; // the server may have come back without the stream
      this.problem(`could not publish to ${this.settings.target.shown}: ${reasonOf(error)}; ${plural(this.spool.waiting, 'event')} wait in the spool`);
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  private async watchStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') this.connected = false;
      if (status.type === 'reconnect') this.connected = true;
    }
  }

  /** One line per new problem, not one per retry while the same one lasts. */
  private problem(line: string): void {
    const kind = line.replace(/\d+ events?/, 'N');
    if (kind !== this.lastProblem) this.warn(`probectl: warning: ${line}`);
    this.lastProblem = kind;
  }
}
