// parse's options taken without zod (src/cli/parse-options.ts) are exactly what its schema gives for them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { plainParseOptions } from '../../src/cli/parse-options.js';
import { parseOptionsSchema } from '../../src/cli/parse-options-schema.js';

const KEYS = ['format', 'layout', 'probe', 'host', 'validate', 'pprof', 'folded', 'flamegraph', 'speed', 'Format'];
const value = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'jsonl', 'table', 'summary', 'xctl', 'yaml', 'libbpf', 'out.pb.gz', 'x'),
  fc.string(),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
);

describe('plainParseOptions', () => {
  it('takes only options the schema takes, and gives what the schema gives for them', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), value), (raw) => {
        const plain = plainParseOptions(raw);
        const checked = parseOptionsSchema.safeParse(raw);
        if (plain === undefined) return;
        assert.ok(checked.success, `taken without the schema, refused by it: ${JSON.stringify(raw)}`);
        assert.deepEqual(plain, checked.data);
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes what commander gives for a parse, absent options included, so that such a parse loads no zod', () => {
    const given = [
      { format: 'jsonl', validate: false },
      { format: 'table', validate: true, layout: 'libbpf', probe: 'p', host: '', pprof: 'a.pb.gz', folded: 'a.folded', flamegraph: 'a.svg' },
      { format: 'summary', validate: false, layout: undefined, host: undefined },
    ];
    for (const raw of given) assert.deepEqual(plainParseOptions(raw), parseOptionsSchema.parse(raw), JSON.stringify(raw));
  });

  it('leaves to the schema what it may refuse: an empty name, an unknown option, a format or flag of the wrong kind', () => {
    for (const raw of [{ layout: '' }, { pprof: '' }, { speed: 'max' }, { format: 'yaml' }, { validate: 'yes' }, { host: 1 }, null, []])
      assert.equal(plainParseOptions(raw), undefined, JSON.stringify(raw));
  });
});
