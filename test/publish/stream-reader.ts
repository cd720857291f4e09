// Reads everything a JetStream stream holds with the NATS client library itself (an ordered consumer), not with probectl's code.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export interface StoredMessage {
  subject: string;
  id: string | undefined;
  data: string;
}

export async function readStream(server: string, stream: string): Promise<StoredMessage[]> {
  const nc = await connect({ servers: server.replace('nats://', '') });
  try {
    const { state } = await (await jetstreamManager(nc)).streams.info(stream);
    const out: StoredMessage[] = [];
    if (state.messages === 0) return out;
    const consumer = await jetstream(nc).consumers.get(stream);
    const messages = await consumer.consume();
    for await (const m of messages) {
      out.push({ subject: m.subject, id: m.headers?.get('Nats-Msg-Id'), data: m.string() });
      if (m.info.pending === 0) break;
    }
    await messages.close();
    return out;
  } finally {
    await nc.close();
  }
}

/** How many messages the stream holds now (0 while it does not exist yet). */
export async function storedCount(server: string, stream: string): Promise<number> {
  const nc = await connect({ servers: server.replace('nats://', '') });
  try {
    return (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
  } catch {
    return 0;
  } finally {
    await nc.close();
  }
}
