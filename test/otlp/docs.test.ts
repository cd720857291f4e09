// docs/pipelines.md's OpenTelemetry examples, run as written against a test receiver in place of 127.0.0.1:4318: they print what the page shows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runExample } from '../cli/examples.js';
import { repoRoot } from '../recordings.js';
import { itemsOf, startReceiver } from './receiver.js';

const SHOWN = '127.0.0.1:4318';
const section = /^## OpenTelemetry \(OTLP\)\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readFileSync(join(repoRoot, 'docs', 'pipelines.md'), 'utf8'))?.[1] ?? '';
const blocks = [...section.matchAll(/^```(sh|text)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]!.trimEnd() }));
/** Each command, with the text block that follows it. */
const examples = blocks.flatMap((block, i) =>
  block.lang === 'sh' && blocks[i + 1]?.lang === 'text' ? [{ command: block.text, shown: blocks[i + 1]!.text }] : [],
);

describe("docs/pipelines.md's OpenTelemetry examples", () => {
  it('has two, and the line of an absent receiver', () => {
    assert.equal(examples.length, 2);
    assert.equal(blocks.at(-1)?.lang, 'text');
  });

  for (const { command, shown } of examples)
    it(`prints what the page shows, and the receiver gets the events: ${command}`, { timeout: 60_000 }, async () => {
      const receiver = await startReceiver();
      const address = receiver.url.replace('http://', '');
      const end = await runExample(command.replaceAll(SHOWN, address));
      await receiver.close();
      assert.equal(end.code, 0, end.stderr);
      assert.equal(end.stderr.trimEnd(), shown.replaceAll(SHOWN, address));
      const events = Number(/(\d+) events/.exec(shown)?.[1]);
      assert.equal(itemsOf(receiver.received, '/v1/logs').length, events);
    });

  it('shows the closing line of the first example with its receiver away as it is', { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    await receiver.close();
    const address = receiver.url.replace('http://', '');
    const end = await runExample(examples[0]!.command.replaceAll(SHOWN, address));
    assert.equal(end.code, 0, end.stderr);
    assert.equal(end.stderr.trimEnd().split('\n').at(-1), blocks.at(-1)!.text.replaceAll(SHOWN, address));
  });
});
