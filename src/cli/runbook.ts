// probectl runbook run FILE: a runbook's probes (or their recordings), its assertions, a verdict and a report.
import * as z from '../events/zod.js';
import type { ProbeEvent } from '../events/index.js';
import { ProbectlError } from '../core/errors.js';
import { runRunbook } from '../runbook/execute.js';
import type { RunbookHosts } from '../runbook/fleet-source.js';
import { hostRunbooks } from '../runbook/host-runbooks.js';
import { runbookFromSource } from '../runbook/load.js';
import { outcomeError } from '../runbook/outcome.js';
import { parseSets } from '../runbook/parameters.js';
import { checkReportPath, writeReport } from '../runbook/report-file.js';
import { runbookFile } from '../runbook/bundled.js';
import { RunbookSource } from '../runbook/source.js';
import { renderText } from '../runbook/text.js';
import { colorLevel } from '../summary/render-style.js';
import { checkedOptions } from './options.js';
import { checkOutputFile } from './output-paths.js';
import { fleetTargets, hostOptions } from './fleet.js';
import { secondsOption } from '../core/option-numbers.js';

const runbookOptions = z.strictObject({
  set: z._default(z.array(z.string()), []),
  report: z.optional(z.string().check(z.minLength(1, 'must name a file'))),
  replay: z.optional(z.string().check(z.minLength(1, 'must name a directory'))),
  duration: z.optional(secondsOption().check(z.positive('must be a positive number of seconds'), z.lte(86_400, 'must be at most 86400 seconds'))),
  ...hostOptions,
  readyTimeout: z._default(secondsOption().check(z.positive('must be a positive number of seconds')), 60),
});

const say = (line: string): void => void process.stderr.write(`probectl: ${line}\n`);

/**
 * Exits 0 when every assertion holds (on every host); a breach is a BREACHED error (exit 1); some hosts not run with no
 * breach, PARTIAL (exit 3); a runbook that could not run or observe (no host ran, a probe failed), any other (exit 2).
 */
export async function runbookRunCommand(file: string, raw: unknown): Promise<void> {
  const options = checkedOptions(runbookOptions, raw);
  if (options.report !== undefined) {
    checkReportPath(options.report);
    checkOutputFile('--report', options.report);
  }
  const overHosts = options.hosts !== undefined || options.inventory !== undefined;
  if (overHosts && options.replay !== undefined)
    throw new ProbectlError('USAGE', '--replay rehearses on recordings, and --hosts/--inventory run the probes on hosts: give one of them.', 'Drop one.');
  const source = await RunbookSource.read(runbookFile(file));
  const sets = parseSets(options.set);
  const runbook = runbookFromSource(source, sets);
  let hosts: RunbookHosts | undefined;
  if (overHosts) {
    const targets = await fleetTargets(options);
    hosts = {
      targets,
      ssh: { connectTimeoutS: options.connectTimeout, extra: options.sshOption },
      parallel: options.parallel,
      readyTimeoutMs: options.readyTimeout * 1000,
      runbookFor: hostRunbooks(source, sets, targets),
    };
  }

  const stop = new AbortController();
  const kill = new AbortController();
  const onSignal = () => (stop.signal.aborted ? kill.abort() : stop.abort());
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  const waiting = new Set(runbook.probes.map((p) => p.probe));
  const hostsReady = new Set<string>();
  const durationS = options.duration ?? runbook.durationS;
  const onEvent = (event: ProbeEvent) => {
    if (hosts !== undefined) return onHostEvent(event);
    if (event.type !== 'probe.status') return;
    if (event.state === 'failed') say(`${event.probe} failed: ${event.message ?? ''}`);
    if (event.state === 'ready' && waiting.delete(event.probe) && waiting.size === 0)
      say(`runbook ${runbook.name}: every probe is ready; observing for ${durationS} s`);
  };
  const onHostEvent = (event: ProbeEvent) => {
    if (event.type !== 'fleet.host') return;
    if (event.state === 'failed') say(`${event.host} failed (${event.reason ?? 'failed'}): ${event.message ?? ''}`);
    if (event.state === 'ready' && !hostsReady.has(event.host)) {
      hostsReady.add(event.host);
      say(`runbook ${runbook.name}: ${event.host} is ready (${hostsReady.size} of ${hosts!.targets.length})`);
    }
  };
  if (hosts !== undefined)
    say(
      `runbook ${runbook.name}: on ${hosts.targets.length} hosts; each is checked and planned on its own facts, then observed ${durationS} s from the last ready`,
    );
  let result;
  try {
    result = await runRunbook(runbook, {
      replay: options.replay,
      hosts,
      durationS,
      signal: stop.signal,
      kill: kill.signal,
      onEvent,
      onPreflight: (checks) =>
        say(
          `runbook ${runbook.name}: preflight passed (${checks.map((c) => c.check).join(', ') || 'nothing to check'}); starting ${runbook.probes.map((p) => p.probe).join(', ')}`,
        ),
    });
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
  process.stdout.write(renderText(result, runbook.print, colorLevel(process.stdout)));
  if (options.report !== undefined) {
    await writeReport(options.report, result);
    say(`report written to ${options.report}`);
  }
  const failure = outcomeError(result);
  if (failure !== undefined) throw failure;
}
