// docs/pipelines.md's NATS examples, run as written against a nats-server the test starts (its address in place of 127.0.0.1:4222).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runShell } from '../labs/shell.js';
import { pipelineExamples } from '../pipelines-examples.js';
import { repoRoot } from '../recordings.js';
import { NatsServer } from './nats-server.js';

const SHOWN_ADDRESS = '127.0.0.1:4222';
const SECTIONS = ['NATS JetStream', 'probectl watch'];

/**
 * The times of an alert are the run's own, and so is what is left in the window at a resolve (it depends on where the
 * evaluation ticks fall between the retransmits leaving it); the page says so.
 */
const timeless = (text: string): string => text.replaceAll(/"(ts|since)":\d+/g, '"$1":T').replaceAll(/^(\{"type":"runbook\.resolve".*?"value":)\d+/gm, '$1V');

describe("docs/pipelines.md's NATS sections", () => {
  let server: NatsServer;
  before(async () => (server = await NatsServer.start()));
  after(async () => await server.stop());

  it('have their worked examples', () => {
    const sections = pipelineExamples().map((e) => e.section);
    for (const wanted of SECTIONS) assert.ok(sections.includes(wanted), sections.join(', '));
  });

  for (const example of pipelineExamples().filter((e) => SECTIONS.includes(e.section)))
    it(`${example.section}: the example prints what the page shows`, { timeout: 60_000 }, async () => {
      const address = server.url.replace('nats://', '');
      const end = await runShell(example.script.replaceAll(SHOWN_ADDRESS, address), { cwd: repoRoot, timeoutMs: 45_000 });
      assert.equal(end.code, 0, end.stderr);
      assert.equal(timeless(end.stdout), timeless(example.output.replaceAll(SHOWN_ADDRESS, address)));
    });
});
