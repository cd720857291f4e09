import { describe, it } from 'node:test';
import { liveOrSkip } from '../live.js';
import { assertPrintedEvents, exampleCommands, needsRoot, runExample, shownExamples } from './examples.js';

// The lab's examples in the order a session takes them: made, looked at, used, removed.
const LAB_ORDER = ['lab up', 'lab status', 'lab traffic', 'lab down'];
const order = (path: string) => LAB_ORDER.indexOf(path);

describe('the examples in --help that need root, run live as shown', { concurrency: false }, () => {
  const paths = [...exampleCommands].sort((a, b) => order(a) - order(b));
  for (const path of paths)
    for (const command of shownExamples(path).filter(needsRoot))
      it(`exits 0 and prints events: ${command}`, async (t) => {
        if (!liveOrSkip(t)) return;
        assertPrintedEvents(command, await runExample(command));
      });
});
