// The events a JetStream stream holds and receives, read through a durable consumer: each handed on as text, acknowledged once handled.
import { AckPolicy, DeliverPolicy, JetStreamApiError, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ProbectlError } from '../core/errors.js';
import { connectPatiently } from './nats-connection.js';
import type { NatsTarget } from './nats-target.js';
import { ensureStream, type StreamSettings } from './stream.js';
import { eventsFilter } from './subject.js';

export interface StreamMessage {
  subject: string;
  data: string;
  ack(): void;
}

export interface DurableReader {
  messages: AsyncIterable<StreamMessage>;
  /** Publishes one line (an alert) to a subject of the same server, acknowledged by the stream when it holds the subject. */
  publish(subject: string, data: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects (waiting for the server), creates the stream when it is missing and the durable consumer when it is new
 * (from the stream's first event), and reads the prefix's events from where the consumer last acknowledged.
 */
export async function readDurable(
  target: NatsTarget,
  stream: StreamSettings,
  durable: string,
  stop: AbortSignal,
  warn: (line: string) => void,
): Promise<DurableReader | undefined> {
  const connection = await connectPatiently(target, `probectl watch ${durable}`, stop, (reason) =>
    warn(`probectl: warning: cannot reach ${target.shown}: ${reason}; trying again`),
  );
  if (connection === undefined) return undefined;
  const jsm = await jetstreamManager(connection);
  if (await ensureStream(jsm, target.prefix, stream)) warn(`probectl: created the JetStream stream ${stream.name} for ${target.prefix}.>`);
  try {
    await jsm.consumers.add(stream.name, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: eventsFilter(target.prefix),
    });
  } catch (error) {
    await connection.close();
    if (!(error instanceof JetStreamApiError)) throw error;
    throw new ProbectlError(
      'USAGE',
      `cannot use the consumer ${durable} on the stream ${stream.name}: ${error.message}.`,
      `Check that the stream holds ${target.prefix}.> (--stream), and name another consumer with --durable if one of that name exists with other settings.`,
      { cause: error },
    );
  }
  const js = jetstream(connection);
  const consumer = await js.consumers.get(stream.name, durable);
  const consumed = await consumer.consume();
  stop.addEventListener('abort', () => void consumed.close(), { once: true });
  async function* messages(): AsyncGenerator<StreamMessage> {
    for await (const m of consumed) yield { subject: m.subject, data: m.string(), ack: () => m.ack() };
  }
  return {
    messages: messages(),
    async publish(subject, data) {
      await js.publish(subject, data);
    },
    async close() {
      await consumed.close();
      await connection.close();
    },
  };
}
