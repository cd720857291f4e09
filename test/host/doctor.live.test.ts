// Live: measures this machine for real and runs doctor --fix in a private mount namespace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hostFactsSchema } from '../../src/host/facts.js';
import { measureHostFacts } from '../../src/host/measure.js';
import { hostToolNames } from '../../src/probes/probe-list.js';
import { parseMounts, tracefsDir } from '../../src/host/mounts.js';
import { liveOrSkip } from '../live.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/** Namespaces and temp directories this process's measurement would leave behind. */
async function leftovers(): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  const ns = stdout.split('\n').filter((line) => line.startsWith(`probectl-doctor-${process.pid}-`));
  const tmp = readdirSync(tmpdir()).filter((name) => name.startsWith(`probectl-xdp-${process.pid}-`));
  return [...ns, ...tmp];
}

const tracingMounts = (): string =>
  readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .filter((l) => /\s(tracefs|debugfs)\s/.test(l))
    .sort()
    .join('\n');

test('measures this host for real: every attach type agrees with independent evidence, within seconds, leaving nothing behind', async (t) => {
  if (!liveOrSkip(t)) return;
  const started = Date.now();
  const facts = await measureHostFacts({ tools: hostToolNames });
  const elapsed = Date.now() - started;
  for (const [name, check] of Object.entries({ ...facts.attach, btf: facts.btf, bpftrace: facts.bpftrace.check, bcc: facts.bcc.check }))
    t.diagnostic(`${name}: ${check.ok ? 'ok' : 'not ok'}: ${check.detail}`);
  t.diagnostic(`measured in ${elapsed} ms`);
  assert.ok(elapsed < 10_000, `measurement took ${elapsed} ms`);

  assert.equal(facts.btf.ok, existsSync('/sys/kernel/btf/vmlinux'));
  assert.equal(facts.attach.tracepoint.ok, true, facts.attach.tracepoint.detail);
  // kprobes: a kernel without CONFIG_KPROBE_EVENTS has no kprobe_events file in tracefs (this VM: none).
  const tracefs = tracefsDir(parseMounts(readFileSync('/proc/self/mounts', 'utf8')));
  assert.ok(tracefs !== undefined, 'tracefs must be mounted for the live test (probectl doctor --fix)');
  assert.equal(facts.attach.kprobe.ok, existsSync(join(tracefs, 'kprobe_events')), facts.attach.kprobe.detail);
  // fentry: bpftrace's own feature probe loads an fentry program (this VM refuses it).
  const info = await run(facts.bpftrace.path!, ['--info'], { timeout: 20_000 }).then(
    (r) => r.stdout + r.stderr,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout}${e.stderr}`,
  );
  assert.equal(facts.attach.fentry.ok, /^\s*kfunc: yes/m.test(info), facts.attach.fentry.detail);
  assert.equal(facts.bpftrace.features.includes('kfunc'), facts.attach.fentry.ok);
  if (process.env.CI === 'true') assert.ok(facts.clang.ok, 'scripts/setup.sh installs clang, which the XDP check needs');
  if (facts.clang.ok) assert.equal(facts.attach.xdp.ok, true, facts.attach.xdp.detail);
  else assert.equal(facts.attach.xdp.unknown, true);
  // Headers: none for this kernel unless someone linked another kernel's.
  const build = `/lib/modules/${facts.kernel}/build`;
  if (existsSync(build)) assert.notEqual(facts.bcc.headers, 'missing');
  else assert.equal(facts.bcc.headers, 'missing');
  for (const check of [facts.attach.kprobe, facts.attach.fentry, facts.bcc.check]) if (!check.ok) assert.ok(check.remedy, check.detail);

  assert.deepEqual(await leftovers(), []);
});

test('doctor --fix mounts missing tracefs and debugfs, says so on stderr, and tracepoints attach afterwards (in a private mount namespace)', async (t) => {
  if (!liveOrSkip(t)) return;
  const before = tracingMounts();
  const script = `for m in /sys/kernel/debug/tracing /sys/kernel/tracing /sys/kernel/debug; do umount "$m" 2>/dev/null; done; exec "$0" "$1" doctor --fix --json`;
  const { stdout, stderr } = await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, process.execPath, main], { timeout: 60_000 });
  assert.match(stderr, /mounted tracefs on \/sys\/kernel\/tracing/);
  assert.match(stderr, /mounted debugfs on \/sys\/kernel\/debug/);
  const facts = hostFactsSchema.parse(JSON.parse(stdout));
  assert.deepEqual([facts.tracefs.ok, facts.debugfs.ok, facts.attach.tracepoint.ok], [true, true, true]);
  assert.equal(tracingMounts(), before, 'the host mounts must not change');
});

test('doctor --fix does nothing where tracefs and debugfs are mounted', async (t) => {
  if (!liveOrSkip(t)) return;
  const before = tracingMounts();
  const script = `for fs in tracefs:/sys/kernel/tracing debugfs:/sys/kernel/debug; do mountpoint -q "\${fs#*:}" || mount -t "\${fs%%:*}" "\${fs%%:*}" "\${fs#*:}"; done; exec "$0" "$1" doctor --fix`;
  const { stdout } = await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, process.execPath, main], {
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.match(stdout, /^probectl doctor --fix: tracefs and debugfs are already mounted; nothing to do$/m);
  assert.doesNotMatch(stdout, /mounted (tracefs|debugfs) on/);
  assert.equal(tracingMounts(), before, 'the host mounts must not change');
});
