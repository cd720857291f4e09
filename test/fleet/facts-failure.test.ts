import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { factsFailureReason } from '../../src/fleet/facts-failure.js';

describe("the reason a host's facts could not be measured", () => {
  it('is a straggler when the measurement ran out of time, whatever ssh then exited with', () => {
    assert.equal(factsFailureReason({ code: 255, timedOut: true }), 'straggler');
    assert.equal(factsFailureReason({ code: null, timedOut: true }), 'straggler');
  });

  it('is a lost connection when ssh exited 255 in time', () => {
    assert.equal(factsFailureReason({ code: 255, timedOut: false }), 'lost-connection');
  });

  it("is no backend when the host's shell or trials said no", () => {
    assert.equal(factsFailureReason({ code: 1, timedOut: false }), 'no-backend');
    assert.equal(factsFailureReason({ code: 127, timedOut: false }), 'no-backend');
  });
});
