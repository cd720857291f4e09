import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpExamples } from '../../src/cli/help-examples.js';
import { assertPrintedEvents, exampleCommands, needsRoot, runExample, shownExamples } from './examples.js';

describe('the examples each command help ends with', () => {
  it('every command and subcommand shows two or three examples', () => {
    for (const path of [
      '',
      'parse',
      'replay',
      'summarize',
      'layouts',
      'doctor',
      'list',
      'run',
      'agent',
      'runbook run',
      'lab up',
      'lab down',
      'lab status',
      'lab traffic',
    ]) {
      const shown = shownExamples(path);
      assert.ok(shown.length >= 2 && shown.length <= 3, `probectl ${path} --help shows ${shown.length} examples`);
      assert.deepEqual(
        shown,
        helpExamples[path as keyof typeof helpExamples].map((e) => e.command),
      );
    }
  });

  for (const path of exampleCommands)
    for (const command of shownExamples(path).filter((c) => !needsRoot(c)))
      it(`runs as shown, exits 0 and prints events: ${command}`, async () => {
        assertPrintedEvents(command, await runExample(command));
      });

  for (const path of exampleCommands)
    for (const command of shownExamples(path).filter((c) => needsRoot(c) && /^sudo probectl run /.test(c)))
      it(`plans as shown, without root (--dry-run): ${command}`, async () => {
        const end = await runExample(`${command} --dry-run`);
        assert.equal(end.code, 0, end.stderr);
        const plans = JSON.parse(end.stdout) as { probe: string }[];
        const probes = command
          .replace(/^sudo probectl run /, '')
          .split(' --')[0]!
          .split(' ');
        assert.deepEqual(
          plans.map((p) => p.probe),
          probes,
        );
      });
});
