// probectl agent --config FILE: the probes of a configuration file, supervised for a service manager until SIGINT or SIGTERM; SIGHUP reloads.
import * as z from '../events/zod.js';
import { type AgentConfig, loadAgentConfig } from '../agent/config.js';
import { planAgentProbes } from '../agent/plan-probes.js';
import { reloadAgent } from '../agent/reload.js';
import { describeDiff } from '../agent/reload-diff.js';
import { Supervisor, type PlannedProbe } from '../agent/supervisor.js';
import { DEFAULT_READY_TIMEOUT_MS } from '../api/run.js';
import { liveOrigin } from '../publish/message-id.js';
import { commandLine } from '../run/command-line.js';
import { checkPrivileges } from '../run/privileges.js';
import { LiveOutput } from './live-output.js';
import { checkedOptions } from './options.js';
import { closingLine, eventWriter } from './output.js';
import { secondsOption } from '../core/option-numbers.js';
import { checkTimeLimits } from './time-limits.js';

const agentOptions = z.strictObject({
  config: z.string({ error: () => 'must name the configuration file' }).check(z.minLength(1, 'must name the configuration file')),
  check: z._default(z.boolean(), false),
  quiet: z._default(z.boolean(), false),
  duration: z.optional(secondsOption().check(z.positive('must be a positive number of seconds'))),
});

const log = (line: string) => void process.stderr.write(line + '\n');

export async function agentCommand(raw: unknown): Promise<void> {
  const options = checkedOptions(agentOptions, raw);
  checkTimeLimits(options);
  // Everything in the file is checked, and every probe planned on this host, before anything attaches.
  let config = await loadAgentConfig(options.config);
  const { probes, facts } = await planAgentProbes(config);
  if (options.check) {
    process.stdout.write(planText(config, probes));
    return;
  }
  checkPrivileges(
    facts,
    probes.map((p) => p.probe),
  );

  const metrics = config.metrics === undefined ? undefined : await (await import('../metrics/run-metrics.js')).startRunMetrics(config.metrics);
  const otlp = config.otlp === undefined ? undefined : await (await import('../otlp/otlp-export.js')).startOtlpExport(config.otlp);
  const publish =
    config.publish === undefined ? undefined : (await import('../publish/run-publish.js')).startPublishing(config.publish, liveOrigin(Date.now()));
  const supervisor = new Supervisor({
    host: config.host,
    validate: config.validate,
    grace: config.grace,
    readyTimeoutMs: DEFAULT_READY_TIMEOUT_MS,
    restart: config.restart,
    includeSelf: config.includeSelf,
    log,
  });
  const toStdout = config.stdout === 'jsonl' && !options.quiet;
  const output = toStdout ? new LiveOutput(await eventWriter('jsonl', process.stdout, {}, { live: true }), process.stdout, () => {}) : undefined;

  // One change at a time: the start, each reload, the stop, in the order the signals came.
  let changes = supervisor.apply(probes).then((started) => {
    log(`probectl agent: running ${config.file} (pid ${process.pid}): ${describeDiff(started)}; SIGHUP reloads it, SIGTERM stops`);
  });
  let stopping = false;
  let stoppingSince = 0;
  const stop = () => {
    // A second signal a second or more after the first: SIGKILL to every backend. One sooner is the first again: the host
    // measurement a reload may run cleans up on SIGINT and SIGTERM and raises the signal again (host/signal-cleanup.ts).
    if (stopping) return void (performance.now() - stoppingSince >= 1000 ? supervisor.kill() : undefined);
    stopping = true;
    stoppingSince = performance.now();
    log('probectl agent: stopping the probes');
    changes = changes.then(() => supervisor.stop());
  };
  const reload = () => {
    if (stopping) return;
    log(`probectl agent: SIGHUP: reading ${config.file} again`);
    changes = changes.then(async () => {
      if (!stopping) config = await reloadAgent(config, supervisor, log);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', reload);
  const timer = options.duration === undefined ? undefined : setTimeout(stop, options.duration * 1000);

  const counts = new Map<string, number>();
  let unparsed = 0;
  try {
    for await (const event of supervisor.events) {
      counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      if (event.type === 'tool.diagnostic' && event.level === 'unparsed') unparsed++;
      metrics?.observe(event);
      otlp?.observe(event);
      output?.write(event);
      await output?.room();
      if (otlp !== undefined) await otlp.room();
      if (publish !== undefined) {
        publish.observe(event);
        await publish.room();
      }
    }
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGHUP', reload);
    await output?.end();
    await metrics?.close();
    await otlp?.close();
    await publish?.close();
  }
  log(closingLine(counts, unparsed, [otlp?.note(), publish?.note()]));
}

/** A bpftrace program as its first line and its length. */
const oneLine = (word: string): string => (word.includes('\n') ? `${word.split('\n')[0]} …(${word.split('\n').length} lines)` : word);

/** --check: what the agent would run, one probe a line, and where the events would go. */
function planText(config: AgentConfig, probes: readonly PlannedProbe[]): string {
  const width = Math.max(...probes.map((p) => p.probe.length));
  const lines = [`${config.file}: valid, ${probes.length === 1 ? '1 probe' : `${probes.length} probes`} on host ${config.host}`];
  for (const { plan } of probes) lines.push(`  ${plan.probe.padEnd(width)}  ${plan.backend.padEnd(8)}  ${commandLine(plan.argv.map(oneLine), plan.env)}`);
  const { restart } = config;
  lines.push(`restart: after ${restart.initialMs} ms, doubling up to ${restart.maxMs} ms; back to ${restart.initialMs} ms after ${restart.healthyMs} ms ready`);
  const sinks = [
    config.stdout === 'jsonl' ? 'stdout (JSON lines)' : undefined,
    config.publish === undefined ? undefined : `NATS ${config.publish.target.shown} (stream ${config.publish.stream.name})`,
    config.metrics?.listen === undefined ? undefined : `metrics at http://${config.metrics.listen.host}:${config.metrics.listen.port}/metrics`,
    config.metrics?.push === undefined ? undefined : `metrics pushed to ${config.metrics.push.url.href}`,
    config.otlp === undefined ? undefined : `OTLP ${config.otlp.base?.href ?? '(OTEL_EXPORTER_OTLP_* variables)'}`,
  ].filter((s): s is string => typeof s === 'string');
  lines.push(`events to: ${sinks.length > 0 ? sinks.join(', ') : 'nowhere (stdout: none and no sink)'}`);
  return lines.join('\n') + '\n';
}
