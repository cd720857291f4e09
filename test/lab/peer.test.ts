import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPeer } from '../../src/lab/peer-process.js';

// The lab's TCP peers on 127.0.0.1 (no namespaces, no root): what they measure and report.
describe('lab TCP peers', () => {
  const exchange = { host: '127.0.0.1', request: 300_000, reply: 70_001, timeoutMs: 10_000 };

  it('move exactly the requested bytes and report them from both ends, with their pids and comms', async () => {
    const server = startPeer({ mode: 'serve', ...exchange, port: 0, connections: 1, deadlineMs: 20_000 }, { killAfterMs: 30_000 });
    const listening = await server.waitFor((m) => m.event === 'listening');
    assert.ok(listening.event === 'listening');
    const client = startPeer({ mode: 'send', ...exchange, port: listening.local.port, localPort: 0 }, { killAfterMs: 20_000 });
    const [c, s] = await Promise.all([client.ended, server.ended]);
    assert.equal(c.exitCode, 0, c.stderr);
    assert.equal(s.exitCode, 0, s.stderr);
    const sent = c.messages.find((m) => m.event === 'connection');
    const got = s.messages.find((m) => m.event === 'connection');
    assert.ok(sent && got);
    assert.deepEqual([sent.comm, sent.sent, sent.received, sent.error], ['pctl-cli', 300_000, 70_001, undefined]);
    assert.deepEqual([got.comm, got.sent, got.received, got.error], ['pctl-srv', 70_001, 300_000, undefined]);
    assert.deepEqual(got.remote, sent.local);
    assert.deepEqual(sent.remote, got.local);
    assert.equal(got.pid, listening.pid);
    assert.notEqual(sent.pid, got.pid);
    assert.ok(sent.started_at <= got.started_at && got.ended_at >= got.started_at && sent.ended_at >= sent.started_at);
  });

  it('a client whose server never answers gives up after its timeout and reports what it measured', async () => {
    const server = startPeer({ mode: 'serve', ...exchange, request: 10, port: 0, connections: 1, deadlineMs: 20_000 }, { killAfterMs: 30_000 });
    const listening = await server.waitFor((m) => m.event === 'listening');
    assert.ok(listening.event === 'listening');
    // The client sends fewer bytes than the server waits for, so no reply comes.
    const client = startPeer({ mode: 'send', ...exchange, request: 5, port: listening.local.port, localPort: 0, timeoutMs: 1_000 }, { killAfterMs: 20_000 });
    const c = await client.ended;
    server.kill();
    const report = c.messages.find((m) => m.event === 'connection');
    assert.equal(c.exitCode, 1);
    assert.ok(report);
    assert.equal(report.sent, 5);
    assert.equal(report.received, 0);
    assert.match(report.error ?? '', /idle for 1 s|not done after 1 s/);
    assert.ok(report.ended_at - report.started_at >= 900);
  });

  it('a server told to stop ends its open connections and reports what each measured', async () => {
    const server = startPeer({ mode: 'serve', ...exchange, request: 10, port: 0, connections: 2, deadlineMs: 20_000 }, { killAfterMs: 30_000 });
    const listening = await server.waitFor((m) => m.event === 'listening');
    assert.ok(listening.event === 'listening');
    const client = startPeer({ mode: 'send', ...exchange, request: 5, port: listening.local.port, localPort: 0 }, { killAfterMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.stop();
    const [c, s] = await Promise.all([client.ended, server.ended]);
    assert.equal(s.exitCode, 1);
    const report = s.messages.find((m) => m.event === 'connection');
    assert.equal(report?.received, 5);
    assert.match(report?.error ?? '', /stopped: the run ended/);
    assert.match(c.messages.find((m) => m.event === 'connection')?.error ?? '', /received 0 of 70001/);
  });

  it('a client with nobody listening reports the refusal', async () => {
    const client = startPeer({ mode: 'send', ...exchange, port: 9, localPort: 0 }, { killAfterMs: 20_000 });
    const c = await client.ended;
    assert.equal(c.exitCode, 1);
    assert.match(c.messages.find((m) => m.event === 'connection')?.error ?? '', /ECONNREFUSED/);
  });
});
