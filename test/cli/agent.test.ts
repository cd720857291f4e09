import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { probectl } from './cli-process.js';

describe('probectl agent --check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pctl-agent-check-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('prints the plan of a valid file, a line per probe with its backend and command, and exits 0', () => {
    const config = file('good.yaml', 'host: web-1\nprobes:\n  - probe: opensnoop\n    backend: libbpf\n    filters: { comm: nginx }\nstdout: none\n');
    const end = probectl(['agent', '--config', config, '--check']);
    assert.equal(end.code, 0, end.stderr);
    const lines = end.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `${config}: valid, 1 probe on host web-1`);
    assert.match(lines[1]!, /^ {2}opensnoop {2}libbpf {4}stdbuf -oL \S*opensnoop -n nginx$/);
    assert.equal(lines.at(-1), 'events to: nowhere (stdout: none and no sink)');
  });

  it('refuses a file that is not valid in two lines naming the file, line and key, and exits 2', () => {
    const config = file('bad.yaml', 'probes:\n  - probe: opensnoop\n    filters: { pid: zero }\n');
    const end = probectl(['agent', '--config', config, '--check']);
    assert.equal(end.code, 2);
    assert.equal(end.stdout, '');
    assert.deepEqual(end.stderr.trimEnd().split('\n'), [
      `probectl: ${config}:3:21: probes[0].filters.pid must be a process id (a whole number from 1)`,
      'See docs/agent.md for the configuration file.',
    ]);
  });

  it('refuses a file it cannot read, and exits 2', () => {
    const end = probectl(['agent', '--config', join(dir, 'missing.yaml'), '--check']);
    assert.equal(end.code, 2);
    assert.match(end.stderr, /^probectl: cannot read the agent configuration .*missing\.yaml: ENOENT/);
  });

  it('needs --config', () => {
    const end = probectl(['agent', '--check']);
    assert.equal(end.code, 2);
    assert.match(end.stderr, /--config <file>/);
  });
});
