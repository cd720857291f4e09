// zod as probectl uses it (src/events/zod.ts): zod/mini with zod's English messages, which mini leaves unset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from '../../src/events/zod.js';
import { probeStatusSchema } from '../../src/index.js';

describe('zod as probectl uses it', () => {
  it("words a problem in zod's English, not mini's bare 'Invalid input'", () => {
    const result = z.strictObject({ pid: z.number().check(z.int()) }).safeParse({ pid: 'x' });
    assert.equal(result.error?.issues[0]?.message, 'Invalid input: expected number, received string');
  });

  it("words the library's schemas the same way", () => {
    const result = probeStatusSchema.safeParse({ type: 'probe.status' });
    assert.equal(result.success, false);
    assert.match(result.error?.issues.map((i) => i.message).join('\n') ?? '', /^Invalid input: expected \w+, received undefined$/m);
  });

  it('keeps the checks that classic chained as methods: a whole number from 1, a default', () => {
    const schema = z.strictObject({ port: z._default(z.number().check(z.int(), z.gte(1)), 80) });
    assert.deepEqual(schema.parse({}), { port: 80 });
    assert.equal(schema.safeParse({ port: 1.5 }).error?.issues[0]?.message, 'Invalid input: expected int, received number');
    assert.equal(schema.safeParse({ port: 0 }).error?.issues[0]?.message, 'Too small: expected number to be >=1');
  });
});
