// Ctrl-C at the end of `tool | probectl parse` (or summarize): the whole pipeline gets SIGINT, the tool prints its last lines, and probectl prints them all.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { interruptPipeline } from './interrupt-pipeline.js';

const HEADER = 'PID    COMM              FD ERR PATH';
const row = (path: string) => `14639  pctl-open         17   0 ${path}`;

/**
 * A tool like bpftrace or tcpretrans -c: prints some lines, and on SIGINT prints its last ones and exits 0
 * (keepGoing: it ignores SIGINT from then on and keeps running, so that only a second Ctrl-C can end probectl).
 */
const writer = (first: string[], last: string[], keepGoing = false) =>
  `trap '${last.map((l) => `echo "${l}"`).join('; ')}; ${keepGoing ? 'trap "" INT' : 'exit 0'}' INT\n` +
  `${first.map((l) => `echo "${l}"`).join('\n')}\necho ready >&2\n` +
  // Kept going, it writes a row every 50 ms until the pipe breaks.
  (keepGoing ? `while echo "${row('/more')}"; do sleep 0.05; done\n` : 'while :; do sleep 0.05; done\n');

const events = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);

describe('Ctrl-C on a pipeline into probectl', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'probectl-interrupt-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let written = 0;
  /** The writer as a script file, run with sh. */
  const sh = (script: string) => {
    const file = join(dir, `writer-${++written}.sh`);
    writeFileSync(file, script);
    return `sh '${file}'`;
  };

  it('parse: outlives the SIGINT, reads what the tool prints on it, prints every event and exits 0', async () => {
    const end = await interruptPipeline(sh(writer([HEADER, row('/first/1'), row('/first/2')], [row('/last/1'), row('/last/2')])), ['parse', 'opensnoop']);
    assert.equal(end.code, 0, end.stderr);
    const paths = events(end.stdout).map((e) => (e.type === 'file.open' ? e.path : e.type));
    assert.deepEqual(paths, ['/first/1', '/first/2', '/last/1', '/last/2']);
    assert.match(end.stderr, /probectl: 4 events, 0 diagnostics\n$/);
  });

  it('parse bpftrace -f json: the maps bpftrace prints on SIGINT come out as events', async () => {
    const attached = '{\\"type\\": \\"attached_probes\\", \\"data\\": {\\"probes\\": 1}}';
    const map = '{\\"type\\": \\"map\\", \\"data\\": {\\"@\\": {\\"node\\": 41, \\"sh\\": 7}}}';
    const end = await interruptPipeline(sh(writer([attached], [map])), ['parse', 'bpftrace']);
    assert.equal(end.code, 0, end.stderr);
    const map_ = events(end.stdout).find((e) => e.type === 'bpftrace.map');
    assert.ok(map_ !== undefined, `no map in: ${end.stdout}`);
  });

  it('parse bpftrace: a bpftrace that forgets the SIGINT (0.17 between two waits) is sent SIGTERM, and its maps come out', async () => {
    // node named bpftrace (a symlink: the command name comes from it), idle in epoll_wait as bpftrace is, forgetting SIGINT.
    symlinkSync(process.execPath, join(dir, 'bpftrace'));
    const fake = join(dir, 'forgetful-bpftrace.js');
    writeFileSync(
      fake,
      [
        `const map = () => { process.stdout.write('{"type": "map", "data": {"@": {"node": 41}}}\\n'); process.exit(0); };`,
        `process.on('SIGINT', () => {});`,
        `process.on('SIGTERM', map);`,
        `process.stdout.write('{"type": "attached_probes", "data": {"probes": 1}}\\n');`,
        `process.stderr.write('ready\\n');`,
        'setInterval(() => {}, 60_000);',
      ].join('\n'),
    );
    const t0 = Date.now();
    const end = await interruptPipeline(`'${join(dir, 'bpftrace')}' '${fake}'`, ['parse', 'bpftrace']);
    assert.equal(end.code, 0, end.stderr);
    assert.ok(Date.now() - t0 < 8000, `${Date.now() - t0} ms`);
    const map = events(end.stdout).find((e) => e.type === 'bpftrace.map');
    assert.ok(map !== undefined, `no map in: ${end.stdout}`);
    assert.match(end.stderr, /^probectl: bpftrace \(pid \d+\) went on tracing after the Ctrl-C, .*sent it SIGTERM/m);
  });

  it('parse --format summary: prints the summary of everything, the last lines included', async () => {
    const end = await interruptPipeline(sh(writer([HEADER, row('/first/1')], [row('/last/1'), row('/last/2')])), ['parse', 'opensnoop', '--format', 'summary']);
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stdout, /3 file\.open/);
  });

  it('summarize: outlives the SIGINT and reports every event the writer printed', async () => {
    const line = (seq: number, path: string) =>
      JSON.stringify({
        type: 'file.open',
        ts: 1_700_000_000_000 + seq,
        probe: 'opensnoop',
        source: { impl: 'libbpf', tool: 'opensnoop', layout: 'libbpf' },
        host: 'h',
        seq,
        pid: 1,
        comm: 'c',
        fd: 3,
        errno: 0,
        path,
      }).replaceAll('"', '\\"');
    const end = await interruptPipeline(sh(writer([line(1, '/a')], [line(2, '/b'), line(3, '/c')])), ['summarize', '--json']);
    assert.equal(end.code, 0, end.stderr);
    const report = JSON.parse(end.stdout) as { events: { total: number } };
    assert.equal(report.events.total, 3, end.stdout);
  });

  it('ends at once with exit 130 on a second Ctrl-C, while the tool keeps writing', async () => {
    const end = await interruptPipeline(sh(writer([HEADER, row('/first/1')], [row('/last/1')], true)), ['parse', 'opensnoop'], { times: 2 });
    assert.equal(end.code, 130, end.stderr);
  });
});
