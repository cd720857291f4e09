// Helper for child.test.ts, run by a shell that ignores SIGINT: starts a fake whose SigIgn it reports, stops it with SIGINT.
import { readFileSync } from 'node:fs';
import { ProbeChild } from '../../src/run/child.js';

const sigIgnOf = (text: string) => /SigIgn:\s*([0-9a-f]+)/.exec(text)?.[1] ?? '?';
const shellSigIgn = sigIgnOf(readFileSync(`/proc/${process.ppid}/status`, 'utf8').toString());
let stdout = '';
const child = new ProbeChild(
  { argv: [process.argv[2]!], ready: /MS\n/, grace: { int: 2000, term: 1000 } },
  { output: (_s, bytes) => void (stdout += bytes.toString()) },
);
const poll = setInterval(() => {
  if (child.state !== 'ready') return;
  clearInterval(poll);
  void child
    .stop()
    .then((end) => process.stdout.write(JSON.stringify({ shellSigIgn, childSigIgn: sigIgnOf(stdout), signal: end.signal, sent: end.sent, state: end.state })));
}, 5);
