// Helper for death-signal.test.ts: runs a fake probe that prints nothing once ready (so no SIGPIPE ends it), says so, then waits to be killed (SIGKILL: no cleanup runs).
import { run } from '../../src/api/run.js';
import { makeFakesIn } from './fakes.js';

const plan = makeFakesIn(process.argv[2]!).plan('deafint');
setTimeout(() => process.exit(3), 15_000).unref(); // never outlive the test
for await (const event of run([plan], { facts: { root: true, capabilities: [] } })) {
  if (event.type === 'probe.status' && event.state === 'ready') process.stdout.write('ready\n');
}
