// Every lab in docs/labs works as written, by replay: its replay commands run and print what the page shows, its answers state what the bundled recording holds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LAB } from '../../src/lab/index.js';
import { repoRoot } from '../recordings.js';
import { labChecks } from './checks/index.js';
import { labNames, LABS_DOCS, liveScript, readLabDoc, replaySteps, statedFacts } from './lab-doc.js';
import { LabRun } from './lab-run.js';
import { runShell } from './shell.js';

const bundle = (name: string) => new LabRun(join(repoRoot, 'recordings', 'labs', name));
const LAB_ADDRESSES = new Set<unknown>([LAB.client.addr, LAB.server.addr]);

describe('docs/labs', () => {
  it('lists every lab in its index, and README.md links the index', () => {
    const index = readFileSync(join(LABS_DOCS, 'README.md'), 'utf8');
    for (const name of labNames()) assert.match(index, new RegExp(`\\]\\(${name}\\.md\\)`), `docs/labs/README.md does not link ${name}.md`);
    assert.match(readFileSync(join(repoRoot, 'README.md'), 'utf8'), /\]\(docs\/labs\/README\.md\)/);
  });

  it('has a check for every lab page and a page for every check', () => {
    assert.deepEqual(labChecks.map((c) => c.name).sort(), labNames());
  });
});

for (const check of labChecks) {
  describe(`docs/labs/${check.name}.md`, () => {
    const doc = readLabDoc(check.name);

    it('has live steps, and replay steps that read its bundled recording', () => {
      assert.notEqual(liveScript(doc), '', 'no ```sh live block');
      const steps = replaySteps(doc);
      assert.ok(steps.length > 0, 'no ```sh replay block');
      assert.ok(
        steps.some((s) => s.output !== undefined),
        'no replay block is followed by its ```text output',
      );
      for (const step of steps)
        assert.match(
          step.script,
          new RegExp(`recordings/labs/${check.name}/`),
          `the replay block at line ${step.line} reads no file of recordings/labs/${check.name}/`,
        );
    });

    it('its replay commands exit 0 and print exactly what the page shows', async () => {
      for (const step of replaySteps(doc)) {
        const end = await runShell(step.script, { cwd: repoRoot, timeoutMs: 60_000 });
        assert.equal(end.code, 0, `the replay block at line ${step.line} failed:\n${end.stderr}`);
        if (step.output !== undefined) assert.equal(end.stdout, step.output, `the output of the replay block at line ${step.line}`);
      }
    });

    it('its answers state exactly the facts of the bundled recording, and all of them', async () => {
      const facts = await check.facts(bundle(check.name));
      const stated = statedFacts(doc);
      for (const fact of stated) {
        assert.ok(fact.name in facts, `line ${fact.line}: no fact named ${fact.name}`);
        assert.equal(fact.value, String(facts[fact.name]), `line ${fact.line}: ${fact.name}`);
      }
      for (const name of Object.keys(facts))
        assert.ok(
          stated.some((f) => f.name === name),
          `the answers never state ${name} (${String(facts[name])})`,
        );
    });

    it('its bundled recording holds the claims the page makes for every run', async () => {
      await check.claims(bundle(check.name));
    });

    it("its bundled recording holds only the lab's own connections", async () => {
      for (const probe of check.probes)
        for (const event of await bundle(check.name).events(probe)) {
          if (!event.type.startsWith('tcp.')) continue;
          const addresses = Object.entries(event).filter(([key]) => ['laddr', 'raddr', 'saddr', 'daddr'].includes(key));
          for (const [key, value] of addresses)
            assert.ok(LAB_ADDRESSES.has(value), `${probe}: ${key} ${String(value)} is not the lab's: ${JSON.stringify(event)}`);
        }
    });
  });
}
