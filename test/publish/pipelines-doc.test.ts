// docs/pipelines.md's NATS examples, run as written against a nats-server the test starts (its address in place of 127.0.0.1:4222).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runShell } from '../labs/shell.js';
import { pipelineExamples } from '../pipelines-examples.js';
import { repoRoot } from '../recordings.js';
import { NatsServer } from './nats-server.js';

const SHOWN_ADDRESS = '127.0.0.1:4222';
const SECTIONS = ['NATS JetStream', 'probectl watch'];

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
      assert.equal(end.stdout, example.output.replaceAll(SHOWN_ADDRESS, address));
    });
});
