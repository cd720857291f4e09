// Workload for TCP captures: a server and a client that move known byte counts, with a timeout on every socket.
// serve HOST PORT CONNECTIONS REQUEST_BYTES REPLY_BYTES   (prints "listening" when ready; exits after CONNECTIONS)
// send HOST PORT LOCAL_PORT REQUEST_BYTES REPLY_BYTES     (LOCAL_PORT 0 = any)
import { connect, createServer, type Socket } from 'node:net';

const SOCKET_TIMEOUT_MS = 20_000;
const [mode, host = '', ...numbers] = process.argv.slice(2);
const [port = 0, third = 0, requestBytes = 0, replyBytes = 0] = numbers.map(Number);

function fail(message: string): never {
  console.error(`tcp-peer ${mode}: ${message}`);
  process.exit(1);
}

/** Resolves once `bytes` have arrived on the socket. */
function receive(socket: Socket, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const check = () => seen >= bytes && (socket.off('data', onData), resolve());
    const onData = (data: Buffer) => ((seen += data.length), check());
    socket.on('data', onData);
    check();
  });
}

function guard(socket: Socket): Socket {
  socket.setTimeout(SOCKET_TIMEOUT_MS, () => fail('socket timed out'));
  return socket.on('error', (e) => fail(e.message));
}

if (mode === 'serve') {
  process.title = 'pctl-srv';
  let remaining = third;
  // The server sends its reply and closes first, so TIME_WAIT stays on its side and the client's fixed port is free again.
  const server = createServer((socket) => {
    guard(socket);
    void receive(socket, requestBytes).then(() => {
      socket.end(Buffer.alloc(replyBytes, 0x72));
      socket.on('close', () => --remaining === 0 && server.close());
      socket.resume();
    });
  });
  server.on('error', (e) => fail(e.message));
  server.listen(port, host, () => console.log('listening'));
} else if (mode === 'send') {
  process.title = 'pctl-cli';
  const socket = guard(connect({ host, port, ...(third > 0 ? { localPort: third } : {}) }));
  let received = 0;
  socket.on('connect', () => socket.write(Buffer.alloc(requestBytes, 0x71)));
  socket.on('data', (data) => (received += data.length)); // the server's FIN then closes this side too (allowHalfOpen is off)
  socket.on('close', () => (received === replyBytes ? process.exit(0) : fail(`received ${received} of ${replyBytes} bytes`)));
} else {
  fail('usage: tcp-peer serve|send ...');
}
