// probectl doctor run as a child: JSON the schema accepts, and a plain report without colour.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hostFactsSchema } from '../../src/host/facts.js';

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const run = promisify(execFile);

test('probectl doctor --json prints host facts that the schema accepts, and exits 0', async () => {
  const { stdout } = await run(process.execPath, [main, 'doctor', '--json'], { timeout: 60_000 });
  const facts = hostFactsSchema.parse(JSON.parse(stdout));
  assert.equal(typeof facts.attach.kprobe.ok, 'boolean');
  assert.equal(facts.root, process.getuid?.() === 0);
});

test('probectl doctor prints one ✓/✗ line per check without colour when NO_COLOR is set', async () => {
  const { stdout } = await run(process.execPath, [main, 'doctor'], { timeout: 60_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '1' } });
  assert.ok(!stdout.includes('\u001b['));
  const marks = stdout
    .split('\n')
    .filter((line) => /^[✓✗] /.test(line))
    .map((line) => line.split(/\s+/)[1]);
  assert.deepEqual(marks, ['privileges', 'btf', 'tracefs', 'debugfs', 'tracepoint', 'kprobe', 'fentry', 'xdp', 'bpftrace', 'bcc', 'libbpf-tools', 'clang']);
  assert.match(stdout, /^(no problems found|\d+ problems? found|.*not tested)/m);
});
