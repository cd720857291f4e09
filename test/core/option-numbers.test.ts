import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secondsOption, wholeNumber } from '../../src/core/option-numbers.js';

const words = { notNumber: 'not a number', notWhole: 'not whole', below: 'too small', above: 'too large' };
const problem = (schema: ReturnType<typeof wholeNumber>, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe('wholeNumber', () => {
  it('takes a whole number within its bounds, as text or as a number', () => {
    const schema = wholeNumber(1, 10, words);
    assert.equal(schema.parse('1'), 1);
    assert.equal(schema.parse(10), 10);
  });

  it("tells each way a value fails in the caller's words, the first one only", () => {
    const schema = wholeNumber(1, 10, words);
    assert.equal(problem(schema, 'abc'), 'not a number');
    assert.equal(problem(schema, '2.5'), 'not whole');
    assert.equal(problem(schema, '0'), 'too small');
    assert.equal(problem(schema, '11'), 'too large');
    assert.equal(schema.safeParse('0.5').error?.issues.length, 1, 'a fraction under the bound: told it is not whole, and nothing more');
  });

  it("leaves a value that is no number to zod's own problem when it is given no words for it", () => {
    const { notNumber: _, ...rest } = words;
    const issue = wholeNumber(1, 10, rest).safeParse('abc').error?.issues[0];
    assert.equal(issue?.code, 'invalid_type');
    assert.notEqual(issue?.message, 'not whole');
  });
});

describe('secondsOption', () => {
  it('takes seconds as text or as a number, fractions too, and words a value that is none', () => {
    assert.equal(secondsOption().parse('0.5'), 0.5);
    assert.equal(secondsOption().parse(30), 30);
    assert.equal(secondsOption().safeParse('soon').error?.issues[0]?.message, 'must be a number of seconds');
  });
});
