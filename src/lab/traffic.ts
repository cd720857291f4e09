// lab traffic: TCP connections, one after another, from the client namespace to the server's test port, measured at both ends.
import { setTimeout as sleep } from 'node:timers/promises';
import { ProbectlError } from '../core/errors.js';
import { readDropCounter, type Counter } from './counters.js';
import { checkLabOptions, labTrafficOptionsSchema, type CheckedTrafficOptions, type LabTrafficOptions } from './options.js';
import type { PeerConnection, PeerMessage } from './peer-protocol.js';
import { startPeer, type PeerProcess } from './peer-process.js';
import { checkLabPrerequisites } from './preflight.js';
import { requireLabUp } from './status.js';
import { withLabLock } from './lock.js';
import { LAB } from './topology.js';

/** How long past its own limits a peer may take before it is killed, and how long the server may take to start. */
const GRACE_MS = 5_000;

export interface TrafficConnection {
  index: number;
  /** Every byte count as planned at both ends, and no error. */
  ok: boolean;
  /** As the client process measured it (absent if it ended without a report). */
  client?: PeerConnection;
  /** As the server process measured it, matched by the client's port. */
  server?: PeerConnection;
  errors: string[];
}

export interface LabTrafficResult {
  requested: CheckedTrafficOptions;
  server: { netns: string; address: string; port: number; pid: number; comm: string };
  client: { netns: string; address: string };
  /** The connections run: all requested, unless one failed (the run stops there). */
  connections: TrafficConnection[];
  complete: boolean;
  /** The drop rule's counter before and after, and the difference. */
  nft_drops: { before: Counter; after: Counter; during: Counter };
  started_at: number;
  ended_at: number;
}

export async function labTraffic(options: LabTrafficOptions = {}): Promise<LabTrafficResult> {
  const requested = checkLabOptions(labTrafficOptionsSchema, options);
  await checkLabPrerequisites();
  return withLabLock(async () => {
    await requireLabUp();
    return run(requested);
  });
}

async function run(requested: CheckedTrafficOptions): Promise<LabTrafficResult> {
  const timeoutMs = requested.timeout * 1000;
  const deadlineMs = requested.connections * (timeoutMs + GRACE_MS) + GRACE_MS;
  const before = await readDropCounter();
  const started_at = Date.now();
  const exchange = { host: LAB.server.addr, port: LAB.port, request: requested.bytes, reply: requested.reply, timeoutMs };
  const server = startPeer(
    { mode: 'serve', ...exchange, connections: requested.connections, deadlineMs },
    { netns: LAB.server.netns, killAfterMs: deadlineMs + GRACE_MS },
  );
  let connections: TrafficConnection[];
  let serverInfo: { pid: number; comm: string };
  try {
    serverInfo = await listening(server);
    connections = await runClients(requested, exchange);
    // It exits by itself once the last connection has closed; after a failure, told to stop, it reports what is open and exits.
    if (connections.some((c) => c.errors.length > 0)) server.stop();
    await Promise.race([server.ended, sleep(GRACE_MS, undefined, { ref: false })]);
  } finally {
    server.kill();
  }
  const serverReports = (await server.ended).messages.flatMap((m) => (m.event === 'connection' ? [measuredBy(m)] : []));
  for (const c of connections) matchServer(c, serverReports);
  const after = await readDropCounter();
  return {
    requested,
    server: { netns: LAB.server.netns, address: LAB.server.addr, port: LAB.port, ...serverInfo },
    client: { netns: LAB.client.netns, address: LAB.client.addr },
    connections,
    complete: connections.length === requested.connections && connections.every((c) => c.ok),
    nft_drops: { before, after, during: { packets: after.packets - before.packets, bytes: after.bytes - before.bytes } },
    started_at,
    ended_at: Date.now(),
  };
}

async function listening(server: PeerProcess): Promise<{ pid: number; comm: string }> {
  const timeout = sleep(GRACE_MS * 2, undefined, { ref: false }).then(() => Promise.reject(new Error(`it did not listen within ${(GRACE_MS * 2) / 1000} s`)));
  try {
    const { pid, comm } = await Promise.race([server.waitFor((m) => m.event === 'listening'), timeout]);
    return { pid, comm };
  } catch (error) {
    throw new ProbectlError(
      'LAB',
      `the lab's server could not start on ${LAB.server.addr}:${LAB.port}: ${error instanceof Error ? error.message : String(error)}`,
      'Is another lab traffic run still going? Wait for it, or run probectl lab up to start afresh.',
      { cause: error },
    );
  }
}

/** One client process per connection, one after another; stops at the first connection that fails. */
async function runClients(
  requested: CheckedTrafficOptions,
  exchange: { host: string; port: number; request: number; reply: number; timeoutMs: number },
): Promise<TrafficConnection[]> {
  const connections: TrafficConnection[] = [];
  for (let index = 1; index <= requested.connections; index++) {
    const client = startPeer({ mode: 'send', ...exchange, localPort: 0 }, { netns: LAB.client.netns, killAfterMs: exchange.timeoutMs + GRACE_MS });
    const ended = await client.ended;
    const report = ended.messages.find((m) => m.event === 'connection');
    const connection: TrafficConnection = { index, ok: false, errors: [] };
    if (report === undefined) connection.errors.push(`the client ended (${ended.exitCode ?? ended.signal}) without a report: ${ended.stderr || 'no output'}`);
    else {
      connection.client = measuredBy(report);
      if (report.error !== undefined) connection.errors.push(`client: ${report.error}`);
    }
    connections.push(connection);
    if (connection.errors.length > 0) break;
  }
  return connections;
}

function matchServer(connection: TrafficConnection, reports: PeerConnection[]): void {
  const port = connection.client?.local?.port;
  const found = reports.find((r) => r.remote?.port === port && r.remote?.address === connection.client?.local?.address);
  if (found === undefined) {
    if (connection.client !== undefined) connection.errors.push('server: never accepted this connection');
  } else {
    connection.server = found;
    if (found.error !== undefined) connection.errors.push(`server: ${found.error}`);
  }
  connection.ok = connection.errors.length === 0 && connection.client !== undefined && connection.server !== undefined;
}

const measuredBy = ({ event: _event, ...connection }: Extract<PeerMessage, { event: 'connection' }>): PeerConnection => connection;
