// The lab's traffic program: a TCP server (comm "pctl-srv") or client (comm "pctl-cli") moving known byte counts, every socket with a timeout.
// node tcp-peer.js '<PeerConfig JSON>': prints one JSON line per connection with what it measured (see peer-protocol.ts); exits 0 when all went as planned.
import { readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { peerConfigSchema, type PeerConnection, type PeerMessage } from './peer-protocol.js';

const CHUNK = Buffer.alloc(64 * 1024, 0x71);
const config = peerConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
process.title = config.mode === 'serve' ? 'pctl-srv' : 'pctl-cli'; // node sets the comm with prctl(PR_SET_NAME); probes filter on it
const me = { pid: process.pid, comm: readFileSync('/proc/self/comm', 'utf8').trim() };
const now = () => Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000;
const say = (message: PeerMessage) => process.stdout.write(JSON.stringify(message) + '\n');

/** Writes `bytes` in chunks with backpressure; counts what the kernel accepted; ends the socket when `end`. */
function send(socket: Socket, bytes: number, counted: (n: number) => void, end: boolean): void {
  let left = bytes;
  const pump = () => {
    while (left > 0) {
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      if (!socket.write(chunk, (error) => error || counted(chunk.length))) return void socket.once('drain', pump);
    }
    if (end) socket.end();
  };
  pump();
}

/** Watches one connection: counts what arrives, fails it on idle or overall timeout, reports it once on close. */
function track(socket: Socket, onClose: (report: PeerConnection) => void) {
  const report: PeerConnection = { ...me, sent: 0, received: 0, started_at: now(), ended_at: 0 };
  const fail = (message: string) => ((report.error ??= message), socket.destroy());
  const endpoints = () => {
    if (socket.localAddress !== undefined) report.local = { address: socket.localAddress, port: socket.localPort ?? 0 };
    if (socket.remoteAddress !== undefined) report.remote = { address: socket.remoteAddress, port: socket.remotePort ?? 0 };
  };
  socket.setTimeout(config.timeoutMs, () => fail(`socket idle for ${config.timeoutMs / 1000} s`));
  const limit = setTimeout(() => fail(`connection not done after ${config.timeoutMs / 1000} s`), config.timeoutMs);
  socket.on('data', (data: Buffer) => (report.received += data.length));
  socket.on('error', (error) => fail(error.message));
  socket.on('close', () => {
    clearTimeout(limit);
    report.ended_at = now();
    onClose(report);
  });
  return { report, fail, endpoints };
}

const expectBytes = (report: PeerConnection, sent: number, received: number) => {
  if (report.error === undefined && (report.sent !== sent || report.received !== received))
    report.error = `sent ${report.sent} of ${sent} bytes, received ${report.received} of ${received}`;
};

if (config.mode === 'serve') {
  let remaining = config.connections;
  let failures = 0;
  const finish = () => process.exit(failures > 0 || remaining > 0 ? 1 : 0);
  const open = new Set<(message: string) => void>();
  let stopping = false;
  /** Ends what is open (each reports what it measured) and then the process. */
  const stop = (why: string) => ((stopping = true), open.size === 0 ? finish() : open.forEach((fail) => fail(why)));
  setTimeout(() => stop(`stopped: the server's deadline of ${config.deadlineMs / 1000} s passed`), config.deadlineMs).unref();
  process.on('SIGTERM', () => stop('stopped: the run ended (SIGTERM)'));
  // The server replies and closes first, so TIME_WAIT stays on its side and a client's fixed port is free again.
  const server = createServer((socket) => {
    const { report, fail, endpoints } = track(socket, (r) => {
      open.delete(fail);
      expectBytes(r, config.reply, config.request);
      if (r.error !== undefined) failures++;
      say({ event: 'connection', ...r });
      if (--remaining === 0) server.close(finish);
      else if (open.size === 0 && stopping) finish();
    });
    open.add(fail);
    endpoints();
    let replied = false;
    const maybeReply = () => {
      if (replied || report.received < config.request) return;
      replied = true;
      send(socket, config.reply, (n) => (report.sent += n), true);
    };
    socket.on('data', maybeReply);
    maybeReply();
  });
  server.on('error', (error) => (console.error(`tcp-peer serve: ${error.message}`), process.exit(1)));
  server.listen(config.port, config.host, () => {
    const bound = server.address();
    say({
      event: 'listening',
      ...me,
      local: typeof bound === 'object' && bound !== null ? { address: bound.address, port: bound.port } : { address: config.host, port: config.port },
    });
  });
} else {
  const socket = connect({ host: config.host, port: config.port, ...(config.localPort > 0 ? { localPort: config.localPort } : {}) });
  const { report, endpoints } = track(socket, (r) => {
    expectBytes(r, config.request, config.reply);
    say({ event: 'connection', ...r });
    process.exitCode = r.error === undefined ? 0 : 1;
  });
  // The server's FIN after its reply closes this side too (allowHalfOpen is off).
  socket.on('connect', () => (endpoints(), send(socket, config.request, (n) => (report.sent += n), false)));
}
