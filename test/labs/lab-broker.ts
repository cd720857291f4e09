// The live steps' `probectl lab` commands, run in the test's process, which holds the lab for the whole exercise.
// (Run as processes of their own, each command would take the lab's lock in turn and let other users in between.)
import { createServer, type Server } from 'node:net';
import { describeError, exitCodeOf } from '../../src/core/errors.js';
import { labDown, labStatus, labTraffic, labUp, type LabTrafficOptions, type LabUpOptions } from '../../src/lab/index.js';

export interface LabReply {
  stdout: string;
  stderr: string;
  code: number;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** `--loss 5 --json` → { loss: '5', json: true }, as commander hands them to the CLI's commands. */
function options(words: string[]): Record<string, string | boolean> {
  const parsed: Record<string, string | boolean> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('--')) throw new Error(`unexpected word ${word}`);
    const name = word.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = words[i + 1];
    if (value === undefined || value.startsWith('--')) parsed[name] = true;
    else (parsed[name] = value), i++;
  }
  return parsed;
}

/** Does what `probectl lab ...` does (src/cli/lab.ts), printing the same JSON, exiting with the same code. */
export async function labCommand(argv: string[]): Promise<LabReply> {
  const [lab, command = '', ...rest] = argv;
  let stdout = '';
  try {
    if (lab !== 'lab') throw new Error(`not a lab command: ${argv.join(' ')}`);
    const given = options(rest);
    if (command === 'up') stdout = json(await labUp(given as LabUpOptions));
    else if (command === 'down') stdout = json(await labDown());
    else if (command === 'status' && given.json === true) stdout = json(await labStatus());
    else if (command === 'traffic') {
      const result = await labTraffic(given as LabTrafficOptions);
      stdout = json(result);
      if (!result.complete) return { stdout, stderr: `probectl: lab traffic: ${JSON.stringify(result.connections.flatMap((c) => c.errors))}\n`, code: 2 };
    } else throw new Error(`the labs' live steps use lab up, down, traffic and status --json, not: probectl ${argv.join(' ')}`);
    return { stdout, stderr: '', code: 0 };
  } catch (error) {
    return { stdout, stderr: describeError(error) + '\n', code: exitCodeOf(error) };
  }
}

/** Serves labCommand on a Unix socket: one JSON argv in, one LabReply out, per connection (lab-broker-client.ts). */
export async function startLabBroker(path: string): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    let request = '';
    socket.setEncoding('utf8').on('data', (d: string) => (request += d));
    socket.on('end', () => void labCommand(JSON.parse(request) as string[]).then((reply) => socket.end(JSON.stringify(reply))));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  return server;
}
