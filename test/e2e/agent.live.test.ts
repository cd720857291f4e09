// Live: probectl agent under a service manager's signals, its events read from a real nats-server by the NATS client itself: a killed backend
// restarted with backoff, a probe added by SIGHUP beside an untouched one, an invalid file refused on SIGHUP, SIGTERM leaving nothing behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { liveOrSkip } from '../live.js';
import { NatsServer } from '../publish/nats-server.js';
import { loadedPrograms } from './bpf-programs.js';
import { startCli, type WatchedCli } from './cli-process.js';
import { installedOrSkip } from './installed.js';
import { stillRunning } from './processes.js';
import { until } from './until.js';

const OPENER = 'pctl-agent-open';
const EXECER = 'pctl-agent-exec';
const PREFIX = 'agentlive';

interface Published {
  type: string;
  probe: string;
  ts: number;
  state?: string;
  level?: string;
  message?: string;
  comm?: string;
  path?: string;
  args?: string[];
}

/** Every event published under the prefix, as a plain NATS subscriber receives it. */
async function subscribe(url: string): Promise<{ nc: NatsConnection; events: Published[] }> {
  const nc = await connect({ servers: url.replace('nats://', '') });
  const events: Published[] = [];
  const sub = nc.subscribe(`${PREFIX}.>`);
  void (async () => {
    for await (const m of sub) events.push(JSON.parse(m.string()) as Published);
  })();
  await nc.flush();
  return { nc, events };
}

const config = (probes: string) => `publish: NATS_URL/${PREFIX}\nstdout: none\nrestart: { initial_ms: 500, max_ms: 4000 }\nprobes:\n${probes}`;
const OPENSNOOP = `  - probe: opensnoop\n    backend: libbpf\n    filters: { comm: ${OPENER} }\n`;
const EXECSNOOP = `  - probe: execsnoop\n    backend: libbpf\n    filters: { comm: ${EXECER} }\n`;

/** The backend of a probe the agent runs now: its child whose command line names the tool. */
function backendOf(cli: WatchedCli, tool: string): number | undefined {
  return [...cli.started.values()].find((p) => p.ppid === cli.pid && p.cmdline.includes(`/${tool} `) && stillRunning(p))?.pid;
}

it('probectl agent: events published; a killed backend restarted with backoff; SIGHUP adds a probe and keeps the other; a bad file is refused; SIGTERM stops all', {
  timeout: 300_000,
}, async (t) => {
  if (!liveOrSkip(t) || !installedOrSkip(t, '/usr/sbin/nats-server', 'nats-server')) return;
  const dir = mkdtempSync(join(tmpdir(), 'pctl-agent-'));
  const server = await NatsServer.start();
  const { nc, events } = await subscribe(server.url);
  const file = join(dir, 'agent.yaml');
  const write = (probes: string) => writeFileSync(file, config(probes).replace('NATS_URL', server.url));
  // The workloads: cat and sh under names of their own, so that the probes' comm filters select them alone.
  copyFileSync('/bin/cat', join(dir, OPENER));
  copyFileSync('/bin/sh', join(dir, EXECER));
  const open = (marker: string) => {
    writeFileSync(join(dir, marker), marker);
    assert.equal(spawnSync(join(dir, OPENER), [join(dir, marker)], { encoding: 'utf8' }).stdout, marker);
  };
  const opened = (marker: string) => events.some((e) => e.type === 'file.open' && e.comm === OPENER && e.path === join(dir, marker));
  const statuses = (probe: string, state: string) => events.filter((e) => e.type === 'probe.status' && e.probe === probe && e.state === state);
  write(OPENSNOOP);
  const cli = startCli(['agent', '--config', file]);
  try {
    // Started: its opens arrive over NATS.
    await until('opensnoop ready', () => statuses('opensnoop', 'ready').length === 1, 120_000);
    open('marker-1');
    await until('the first open published', () => opened('marker-1'), 10_000);

    // The backend killed from outside: the agent says so, waits the first backoff, starts it again, and its events flow again.
    const first = backendOf(cli, 'opensnoop');
    assert.ok(first !== undefined, `the agent runs opensnoop: ${JSON.stringify([...cli.started.values()])}`);
    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    await until('opensnoop ready again', () => statuses('opensnoop', 'ready').length === 2, 30_000);
    const restartedAt = statuses('opensnoop', 'starting')[1]!.ts;
    assert.ok(restartedAt - killedAt >= 450, `restarted ${restartedAt - killedAt} ms after the kill, not after the 500 ms backoff`);
    assert.equal(statuses('opensnoop', 'failed').length, 1);
    const restart = events.find((e) => e.type === 'tool.diagnostic' && e.probe === 'opensnoop' && e.level === 'warning');
    assert.match(restart?.message ?? '', /^opensnoop \(libbpf\) failed: killed by SIGKILL.*; restart 1 in 0\.5 s$/);
    // The process table is polled: the new backend may be seen a poll after its ready status arrived.
    await until('the new backend seen', () => ![undefined, first].includes(backendOf(cli, 'opensnoop')), 5000);
    const second = backendOf(cli, 'opensnoop');
    open('marker-2');
    await until('an open after the restart published', () => opened('marker-2'), 10_000);
    t.diagnostic(`restart: killed at ${killedAt}, started again ${restartedAt - killedAt} ms later`);

    // SIGHUP with a second probe: execsnoop starts, opensnoop's backend runs on untouched.
    write(OPENSNOOP + EXECSNOOP);
    cli.signal('SIGHUP');
    await until('execsnoop ready', () => statuses('execsnoop', 'ready').length === 1, 120_000);
    assert.equal(spawnSync(join(dir, EXECER), ['-c', '/bin/echo agent-exec-marker; true'], { encoding: 'utf8' }).stdout, 'agent-exec-marker\n');
    await until('the exec published', () => events.some((e) => e.type === 'process.exec' && (e.args ?? []).join(' ').includes('agent-exec-marker')), 10_000);
    assert.equal(backendOf(cli, 'opensnoop'), second, 'the reload left opensnoop running');
    assert.equal(statuses('opensnoop', 'starting').length, 2);
    open('marker-3');
    await until('an open after the reload published', () => opened('marker-3'), 10_000);

    // SIGHUP with a file that is not valid: refused, said on stderr, both probes run on.
    writeFileSync(file, 'probes:\n  - probe: opensnop\n');
    cli.signal('SIGHUP');
    await until('the reload refused', () => /reload refused/.test(cli.stderr()), 60_000);
    assert.match(cli.stderr(), /reload refused, the probes run on as before: .*agent\.yaml:2:\d+: probes\[0\]\.probe "opensnop" is not a probe/);
    assert.equal(backendOf(cli, 'opensnoop'), second);
    assert.ok(backendOf(cli, 'execsnoop') !== undefined);
    open('marker-4');
    await until('an open after the refused reload published', () => opened('marker-4'), 10_000);

    // SIGTERM: exit 0, every backend stopped gracefully, nothing left running or attached.
    const stopAt = Date.now();
    cli.signal('SIGTERM');
    const end = await cli.ended;
    t.diagnostic(`SIGTERM to exit: ${Date.now() - stopAt} ms`);
    assert.equal(end.code, 0, end.stderr);
    const left = [...cli.started.values()].filter(stillRunning).map((p) => `${p.pid} ${p.cmdline}`);
    assert.deepEqual(left, []);
    const held = [...cli.programs].filter((id) => loadedPrograms().has(id));
    assert.deepEqual(held, [], 'BPF programs of the backends still loaded');
    await until('the last statuses published', () => statuses('execsnoop', 'stopped').length === 1 && statuses('opensnoop', 'stopped').length === 1, 5000);
    assert.match(statuses('opensnoop', 'stopped')[0]!.message ?? '', /^stopped on SIGINT/);
  } finally {
    cli.signal('SIGKILL'); // only if a step above failed: the agent has exited otherwise
    await nc.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
