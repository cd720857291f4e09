// A connection to the NATS server that keeps trying: the first connect waits for the server, reconnects never give up.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NatsTarget } from './nats-target.js';

const RECONNECT_WAIT_MS = 250;

/** Resolves once connected; until `stop` is aborted it keeps trying, `onProblem` told each failure of the first connect. */
export async function connectPatiently(
  target: NatsTarget,
  name: string,
  stop: AbortSignal,
  onProblem: (reason: string) => void,
): Promise<NatsConnection | undefined> {
  while (!stop.aborted) {
    try {
      return await connect({
        servers: target.server,
        name,
        ...(target.user !== undefined && { user: target.user, pass: target.pass }),
        maxReconnectAttempts: -1,
        reconnectTimeWait: RECONNECT_WAIT_MS,
        pingInterval: 2000,
        maxPingOut: 2,
        // Otherwise every request (each publish's ack) builds two Error objects up front for a stack no one is shown:
        // 45% of a replay's CPU into the server (docs/pipelines.md).
        noAsyncTraces: true,
      });
    } catch (error) {
      onProblem(reasonOf(error));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return undefined;
}

/** What went wrong, in a few words: the system's code (ECONNREFUSED) or the client's message. */
export function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
