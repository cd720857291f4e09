import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventSchemas, eventSchema } from '../src/probes/registry.js';
import { toolParsers } from '../src/probes/registry.js';
import { repoRoot } from './recordings.js';

const ENVELOPE = ['type', 'ts', 'probe', 'source', 'host', 'seq'];
const CLOCK = ['time', 'elapsed_s'];

describe('docs/events.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'events.md'), 'utf8');
  const sections = new Map(
    doc
      .split(/^## /m)
      .slice(1)
      .map((s) => [s.slice(0, s.indexOf('\n')).replaceAll('`', '').trim(), s]),
  );

  for (const [type, schema] of Object.entries(eventSchemas)) {
    it(`describes every field of ${type} and shows an example that fits its schema`, () => {
      const section = sections.get(type);
      assert.ok(section !== undefined, `no "## \`${type}\`" section`);
      for (const key of Object.keys(schema.shape)) {
        if (ENVELOPE.includes(key) || CLOCK.includes(key)) continue;
        assert.match(section, new RegExp('\\| [^\\n]*`' + key + '`'), `${type}.${key} is not described`);
      }
      const example = /```json\n(.*)\n```/.exec(section);
      assert.ok(example, `no example for ${type}`);
      const parsed = eventSchema.parse(JSON.parse(example[1]!));
      assert.equal(parsed.type, type);
    });
  }
});

describe('docs/layouts.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'layouts.md'), 'utf8');
  for (const [tool, parser] of Object.entries(toolParsers)) {
    it(`lists every ${tool} layout with its provenance`, () => {
      const section = doc.split(/^## /m).find((s) => s.startsWith(tool + '\n'));
      assert.ok(section, `no "## ${tool}" section`);
      for (const layout of parser.layouts) {
        const row = section.split('\n').find((l) => l.startsWith(`| \`${layout.name}\` |`));
        assert.ok(row, `${tool} layout ${layout.name} is not listed`);
        assert.ok(row.endsWith(layout.fromSource ? '| no: written from the source |' : '| yes |'), `${tool} layout ${layout.name}: wrong provenance`);
      }
    });
  }
});
