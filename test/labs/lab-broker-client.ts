// `probectl lab ...` inside the live steps: asks the test's lab broker (PCTL_LABS_BROKER, a Unix socket) to run it, and prints what it printed.
import { connect } from 'node:net';

const socket = connect(process.env.PCTL_LABS_BROKER ?? '');
let reply = '';
socket.setEncoding('utf8').on('data', (d: string) => (reply += d));
socket.on('error', (error) => {
  process.stderr.write(`lab broker: ${error.message}\n`);
  process.exitCode = 2;
});
socket.on('end', () => {
  const { stdout, stderr, code } = JSON.parse(reply) as { stdout: string; stderr: string; code: number };
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
});
socket.end(JSON.stringify(process.argv.slice(2)));
