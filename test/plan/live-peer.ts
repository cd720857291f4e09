// A TCP peer for live tests, run as its own process (in a namespace when asked): serve HOST PORT BYTES NAME | send HOST PORT BYTES NAME.
// The server reads BYTES, replies 65536 bytes and closes first; the client sends BYTES and reads the reply. Each prints a JSON line when done.
import { connect, createServer } from 'node:net';

const [mode, host = '', portText = '0', bytesText = '0', name = 'pctl-bt-peer'] = process.argv.slice(2);
const port = Number(portText);
const bytes = Number(bytesText);
const REPLY = 65_536;
process.title = name;
const fail = (message: string): never => {
  console.error(`live-peer ${mode}: ${message}`);
  process.exit(1);
};
setTimeout(() => fail('timed out'), 60_000).unref();

if (mode === 'serve') {
  const server = createServer((socket) => {
    let seen = 0;
    socket.on('data', (d) => {
      seen += d.length;
      if (seen >= bytes) socket.end(Buffer.alloc(REPLY, 0x72));
    });
    socket.on('close', () => {
      console.log(JSON.stringify({ received: seen, pid: process.pid }));
      server.close();
    });
    socket.on('error', (e) => fail(e.message));
  });
  server.listen(port, host, () => console.log(JSON.stringify({ listening: true })));
} else if (mode === 'send') {
  const socket = connect({ host, port });
  let received = 0;
  let lport = 0;
  socket.on('connect', () => {
    lport = socket.localPort ?? 0;
    socket.write(Buffer.alloc(bytes, 0x71));
  });
  socket.on('data', (d) => (received += d.length));
  socket.on('error', (e) => fail(e.message));
  socket.on('close', () => {
    if (received !== REPLY) fail(`received ${received} of ${REPLY}`);
    console.log(JSON.stringify({ sent: bytes, received, pid: process.pid, lport }));
  });
} else fail('usage: serve|send HOST PORT BYTES NAME');
