import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { checkAgentConfig } from '../../src/agent/config.js';
import { ProbectlError, exitCodeOf } from '../../src/core/errors.js';

const check = (text: string, env: NodeJS.ProcessEnv = {}) => checkAgentConfig('agent.yaml', text, env);

/** The refusal of a file: a usage error (exit 2) whose first line is the message given. */
function refused(text: string, message: string | RegExp): void {
  assert.throws(
    () => check(text),
    (error: unknown) => {
      assert.ok(error instanceof ProbectlError);
      assert.equal(exitCodeOf(error), 2);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      assert.match(error.suggestion, /docs\/agent\.md|YAML/);
      return true;
    },
  );
}

describe('the agent configuration file', () => {
  it('takes a list of probes alone, with the defaults filled in', () => {
    const config = check('probes:\n  - probe: tcpretrans\n');
    assert.equal(config.host, hostname());
    assert.equal(config.stdout, 'jsonl');
    assert.deepEqual(config.restart, { initialMs: 1000, maxMs: 60_000, healthyMs: 60_000 });
    assert.deepEqual(
      config.probes.map((p) => [p.probe, p.backend, p.filters]),
      [['tcpretrans', 'auto', {}]],
    );
    assert.equal(config.publish, undefined);
    assert.equal(config.metrics, undefined);
    assert.equal(config.otlp, undefined);
  });

  it('takes backends, filters, probe options in snake_case and the sinks under the names run gives them', () => {
    const config = check(
      [
        'host: web-1',
        'probes:',
        '  - probe: opensnoop',
        '    backend: libbpf',
        '    filters: { comm: nginx, failed: true }',
        '  - probe: syscount',
        '    options: { per_process: true, interval: 5 }',
        'publish: nats://127.0.0.1:4222/edge',
        'spool: /var/lib/probectl/spool',
        'metrics: 127.0.0.1:9464',
        'labels: { env: prod, rack: 7 }',
        'stdout: none',
        'grace: 1.5',
        'restart: { initial_ms: 200, max_ms: 5000, healthy_ms: 30000 }',
      ].join('\n'),
    );
    assert.equal(config.host, 'web-1');
    assert.equal(config.stdout, 'none');
    assert.deepEqual(config.grace, { int: 1500, term: 1500 });
    assert.deepEqual(config.restart, { initialMs: 200, maxMs: 5000, healthyMs: 30_000 });
    assert.deepEqual(config.probes[0]!.filters, { comm: 'nginx', failed: true });
    assert.equal(config.probes[0]!.backend, 'libbpf');
    assert.deepEqual(config.probes[1]!.settings, { perProcess: true, interval: 5, latency: false }); // its defaults filled in
    assert.equal(config.publish?.target.prefix, 'edge');
    assert.equal(config.publish?.stream.name, 'EDGE');
    assert.equal(config.publish?.spool.dir, '/var/lib/probectl/spool');
    assert.deepEqual(config.metrics?.listen, { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(config.metrics?.labels, { env: 'prod', rack: '7' });
  });

  it('gives a probe the same fingerprint whatever order its filters are written in, and another when they change', () => {
    const a = check('probes:\n  - probe: tcplife\n    filters: { port: 80, family: 4 }\n').probes[0]!;
    const b = check('probes:\n  - probe: tcplife\n    filters: { family: 4, port: 80 }\n').probes[0]!;
    const c = check('probes:\n  - probe: tcplife\n    filters: { family: 4, port: 81 }\n').probes[0]!;
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
  });

  describe('refuses, naming the file, line, column and key', () => {
    it('text that is not YAML', () => refused('probes:\n  - probe: [tcplife\n', /^agent\.yaml:\d+:\d+: not valid YAML: /));
    it('a key it does not know', () =>
      refused('probes:\n  - probe: tcplife\nnats: nats://x\n', /^agent\.yaml:3:1: nats is not a key here \(known: host, probes, stdout, restart, /));
    it('no probes', () => refused('publish: nats://127.0.0.1:4222\n', 'agent.yaml:1:1: probes is required'));
    it('an empty list of probes', () => refused('probes: []\n', 'agent.yaml:1:9: probes must list at least one probe'));
    it('a probe that does not exist', () =>
      refused('probes:\n  - probe: tcpretrnas\n', /^agent\.yaml:2:12: probes\[0\]\.probe "tcpretrnas" is not a probe \(known: tcpretrans, /));
    it('a key a probe entry does not take', () =>
      refused('probes:\n  - probe: tcplife\n    port: 80\n', 'agent.yaml:3:5: probes[0].port is not a key here (known: probe, backend, filters, options)'));
    it('a backend that does not exist', () =>
      refused('probes:\n  - probe: tcplife\n    backend: ebpf\n', 'agent.yaml:3:14: probes[0].backend must be one of auto, bpftrace, bcc, libbpf'));
    it('a filter that does not exist', () =>
      refused(
        'probes:\n  - probe: tcplife\n    filters: { user: 0 }\n',
        'agent.yaml:3:16: probes[0].filters.user is not a filter (known: pid, comm, port, lport, rport, family, failed)',
      ));
    it('a filter value out of range', () =>
      refused('probes:\n  - probe: tcplife\n    filters: { port: 70000 }\n', 'agent.yaml:3:22: probes[0].filters.port must be a port from 1 to 65535'));
    it('an option the probe does not have', () =>
      refused(
        'probes:\n  - probe: tcplife\n    options: { interval: 1 }\n',
        'agent.yaml:3:14: probes[0].options are given, and tcplife has no options of its own',
      ));
    it("an option value the probe's schema refuses", () =>
      refused('probes:\n  - probe: syscount\n    options: { interval: 0 }\n', 'agent.yaml:3:26: probes[0].options.interval must be at least 1 s'));
    it("an option the probe needs, missing (with the probe's own hint)", () =>
      refused('probes:\n  - probe: xdpcount\n', /^agent\.yaml:2:5: probes\[0\]\.options needs iface \(/));
    it('the same probe twice', () =>
      refused('probes:\n  - probe: tcplife\n  - probe: tcplife\n', 'agent.yaml:3:12: probes[1].probe names tcplife again (probes[0]): each probe runs once'));
    it('a sink value run would refuse, under its key in the file', () =>
      refused('probes:\n  - probe: tcplife\nmetrics: nowhere\n', /^agent\.yaml:3:10: metrics must be HOST:PORT \(127\.0\.0\.1:9464, /));
    it('a sink key that needs another, in the words of the file', () =>
      refused('probes:\n  - probe: tcplife\npush_interval: 5\n', 'agent.yaml: push_interval needs push URL.'));
    it('a restart cap below the first wait', () =>
      refused(
        'probes:\n  - probe: tcplife\nrestart: { initial_ms: 5000, max_ms: 1000 }\n',
        'agent.yaml:3:38: restart.max_ms must be at least initial_ms (5000)',
      ));
    it('a wait that is not a whole number of milliseconds', () =>
      refused('probes:\n  - probe: tcplife\nrestart: { initial_ms: 0.5 }\n', 'agent.yaml:3:24: restart.initial_ms must be a whole number of milliseconds'));
    it('stdout other than jsonl or none', () => refused('probes:\n  - probe: tcplife\nstdout: table\n', 'agent.yaml:3:9: stdout must be one of jsonl, none'));
  });
});
