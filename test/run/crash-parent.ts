// Helper for run.test.ts: runs a probe, then dies of an uncaught error once it is ready (probectl crashing mid-run).
import { run } from '../../src/api/run.js';
import { makeFakesIn } from './fakes.js';

const plan = makeFakesIn(process.argv[2]!).plan('grandchild');
setTimeout(() => process.exit(3), 10_000).unref(); // never hang the test
for await (const event of run([plan], { facts: { root: true, capabilities: [] } })) {
  if (event.type === 'probe.status' && event.state === 'ready')
    setTimeout(() => {
      throw new Error('boom');
    }, 50);
}
