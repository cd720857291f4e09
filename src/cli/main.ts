#!/usr/bin/env -S node --no-concurrent-recompilation
// The probectl command line: thin commands over the library; only this file turns errors into exit codes.
// The #! line has node optimise on the main thread: docs/architecture.md#why-the-command-line-optimises-on-its-main-thread
// First: a run holds V8's compilers and young-generation growth back before the modules it loads (src/cli/lean-start.ts).
import './lean-start.js';

import { Argument, Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, exitCodeOf, ProbectlError } from '../core/errors.js';
import { setOptionsCommand } from '../core/options-hint.js';
import { writeFailureReason } from '../core/write-failure.js';
import { packageRoot } from '../plan/package-root.js';
import { formats } from './formats.js';
import { examplesText } from './help-examples.js';
import { commandOf, describeRegistryArguments, registryNamesWanted } from './help-lists.js';
import { commandPath, throwUsageErrors } from './usage.js';

// A reader that leaves early (probectl run --help | head, probectl replay DIR 2>&1 | head) is not a failure: what is
// written after it left goes nowhere. The commands that stream events stop on it themselves (quietOnClosedStdout,
// LiveOutput); a failure other than EPIPE on stdout is reported here only when no command took it.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || process.stdout.listenerCount('error') > 1) return;
  const failure = new ProbectlError('OUTPUT', `could not write to stdout: ${writeFailureReason(error)}.`, 'Check the output file or pipe.', { cause: error });
  process.stderr.write(describeError(failure) + '\n');
  process.exitCode = exitCodeOf(failure);
});
process.stderr.on('error', () => {}); // nowhere left to say it

const program = new Command('probectl')
  .description('Typed events from bpftrace, BCC and libbpf-tools output: parse, replay, run.')
  .version((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version)
  .addHelpText('after', examplesText(''));

/** --format, the same on parse, replay and run (src/cli/output.ts checks it). */
const formatOption = (): Option =>
  new Option(
    '--format <format>',
    'output format (summary: a report of the whole stream at its end; xctl: retransmits and drops as xctl transport.drop records)',
  )
    .choices(formats)
    .default('jsonl');

// Their names come from the registries, loaded only when the help or a usage error may show them (describeRegistryArguments).
const toolArgument = new Argument('<tool>', "the tool that printed it (see 'probectl parse --help')");
const probesArgument = new Argument('<probe...>', "the probes to run (see 'probectl run --help')");

/** The filters, the same on run and fleet run (src/cli/filter-options.ts checks them). */
const filterOptions = (): Option[] => [
  new Option('--pid <pid>', 'only this process id (execsnoop: the parent of the process that calls exec)'),
  new Option('--comm <name>', 'only this task name (15 characters at most)'),
  new Option('--port <port>', 'only connections with this port at either end'),
  new Option('--lport <port>', 'only this local port'),
  new Option('--rport <port>', 'only this remote port'),
  new Option('--family <4|6>', 'only IPv4 or IPv6'),
  new Option('--failed', 'opensnoop, execsnoop: only failed calls'),
];

/** The metrics options, the same on run and replay (src/metrics/options.ts checks them). */
/** The stack files, the same on parse, replay and run (src/cli/stack-file-options.ts checks them). */
const stackFileOptions = (): Option[] => [
  new Option(
    '--pprof <file>',
    'profile: also write the sampled stacks as a gzipped pprof profile (go tool pprof, speedscope, Pyroscope); malloc: the memory held at the last report (inuse_space, inuse_objects)',
  ),
  new Option('--folded <file>', 'profile: also write them as folded stacks, one "comm;root;...;leaf count" line each (FlameGraph, speedscope)'),
  new Option('--flamegraph <file>', 'profile: also draw them as a flame graph: FILE.svg, or FILE.html for a page holding it'),
];

/** The OTLP export, the same on run and replay (src/otlp/options.ts checks it). */
const otlpOption = (): Option =>
  new Option(
    '--otlp [url]',
    'export the events as OTLP logs, spans and metrics to the OTLP/HTTP receiver at URL (http://collector:4318); without URL, where the OTEL_EXPORTER_OTLP_* variables say',
  );

const metricsOption = {
  listen: new Option('--metrics <host:port>', 'serve Prometheus metrics of the events at http://HOST:PORT/metrics while the events flow'),
  push: new Option(
    '--push <url>',
    'POST the metrics to URL every interval and at the end: Prometheus remote write (protobuf, snappy) when its path ends in /api/v1/write, else the text format (VictoriaMetrics /api/v1/import/prometheus, Pushgateway /metrics/job/NAME)',
  ),
  interval: new Option('--push-interval <s>', 'seconds between pushes (default 10)'),
  spool: new Option(
    '--spool <dir>',
    'where what a server could not take yet waits while it is away: remote write samples past 16 MiB in memory, published events past 8 MiB',
  ),
  names: new Option('--metrics-names <names>', "probectl (default), or xtrace: xdpcount's series under XTrace-Catch's names and labels"),
  label: new Option('--label <name=value>', 'add this label to every metric sample (repeatable)').argParser((value: string, previous: string[] = []) => [
    ...previous,
    value,
  ]),
};

/** The publish options, the same on run and replay (src/publish/options.ts checks them). */
const publishOptions: Option[] = [
  new Option('--publish <nats-url>', 'also publish every event to NATS JetStream, subject PREFIX.<host>.<type>: nats://HOST:PORT[/PREFIX] (prefix probectl)'),
  new Option('--stream <name>', 'the JetStream stream, created when missing (default: the prefix in capitals, PROBECTL)'),
  new Option('--stream-max-age <s>', 'a stream created by probectl keeps messages this many seconds (default 86400; 0: no limit)'),
  new Option('--stream-max-bytes <n>', 'and at most this many bytes (default 1 GiB; -1: no limit)'),
  new Option('--spool-max <mib>', 'MiB the spool file may hold (default 256); events beyond are counted as lost'),
  new Option('--publish-wait <s>', 'at the end, seconds to wait for the spool to empty before what is left counts as lost (default 30)'),
];

/** Where the events also go, the same on run and replay: metrics served or pushed, OTLP, NATS JetStream. */
const sinkOptions: readonly Option[] = [
  metricsOption.listen,
  metricsOption.push,
  metricsOption.interval,
  metricsOption.spool,
  metricsOption.label,
  otlpOption(),
  ...publishOptions,
  metricsOption.names,
];

/** Adds the options in their order (commander takes one at a time). */
function addOptions(command: Command, options: readonly Option[]): Command {
  for (const option of options) command.addOption(option);
  return command;
}

addOptions(
  program
    .command('parse')
    .description("parse a tool's text output (stdin, or FILE) into events")
    .addArgument(toolArgument)
    .argument('[file]', 'the captured output; stdin when absent or -')
    .addOption(formatOption())
    .option('--layout <name>', 'force a layout when the text has no header (see probectl layouts)')
    .option('--probe <name>', 'the probe name stamped on events (default: the tool)')
    .option('--host <name>', 'the host name stamped on events (default: this machine)')
    .option('--validate', 'check every event against its schema at run time (the tests already hold the parsers to it)', false),
  stackFileOptions(),
)
  .addHelpText('after', examplesText('parse'))
  .action(async (tool: string, file: string | undefined, options: unknown) => (await import('./parse.js')).parseCommand(tool, file, options));

addOptions(
  program
    .command('replay')
    .description('replay a recording through the live pipeline')
    .argument('<dir>', 'a recording directory (meta.json, stdout, stderr, timing.jsonl), or one recording per probe in DIR/<probe>/ (run --record DIR)')
    .addOption(formatOption())
    .option('--speed <n|max>', 'pace: a multiple of the recorded pace, or max', 'max')
    .option('--validate', 'check every event against its schema at run time', false),
  [...sinkOptions, ...stackFileOptions()],
)
  .addHelpText('after', examplesText('replay'))
  .action(async (dir: string, options: unknown) => (await import('./replay.js')).replayCommand(dir, options));

program
  .command('summarize')
  .description('summarize probectl JSONL (stdin, or FILE): top flows, drops, sessions, opens, XDP traffic, lost events')
  .argument('[file]', 'events as probectl writes them; stdin when absent or -')
  .option('--json', 'print the report as JSON', false)
  .option('--top <n>', 'rows in each top list (default 10)')
  .addHelpText('after', examplesText('summarize'))
  .action(async (file: string | undefined, options: unknown) => (await import('./summarize.js')).summarizeCommand(file, options));

program
  .command('layouts')
  .description('list the output layouts probectl recognises')
  .argument('[tool]', 'only this tool')
  .addHelpText('after', examplesText('layouts'))
  .action(async (tool: string | undefined) => (await import('./layouts.js')).layoutsCommand(tool));

program
  .command('doctor')
  .description('check what works here for tracing (attach types, tools, headers, mounts) and how to fix the rest')
  .option('--json', 'print the host facts as JSON', false)
  .option('--fix', 'mount tracefs and debugfs where they are missing, detach XDP programs probectl left behind (root)', false)
  .addHelpText('after', examplesText('doctor'))
  .action(async (options: unknown) => (await import('./doctor.js')).doctorCommand(options));

program
  .command('list')
  .description('every probe and backend: available here or not and why, and which one auto picks')
  .option('--json', 'print it as JSON', false)
  .addHelpText('after', examplesText('list'))
  .action(async (options: unknown) => (await import('./list.js')).listCommand(options));

const run = addOptions(
  addOptions(
    addOptions(
      program
        .command('run')
        .description('run probes live and print their events as one stream, until --duration ends or Ctrl-C')
        .addArgument(probesArgument)
        .option('--backend <name>', 'auto, bpftrace, bcc or libbpf (auto: the first that runs here truthfully)', 'auto'),
      filterOptions(),
    )
      .option('--duration <s>', 'stop after this many seconds (counted once every probe is ready)')
      .addOption(formatOption())
      .option('--output <file>', 'write the events to FILE instead of stdout')
      .option('--record <dir>', 'also record each probe under DIR/<probe>/, replayable with probectl replay')
      .option('--grace <s>', 'seconds a probe gets after SIGINT, then after SIGTERM, before the next signal (default 3, then 2)'),
    sinkOptions,
  )
    .option('--validate', 'check every event against its schema at run time', false)
    .option('--include-self', "keep the events of probectl and of the probes' own backends (left out by default)", false)
    .option('--dry-run', 'print the plans (argv, env, script) as JSON and run nothing', false),
  stackFileOptions(),
)
  .addHelpText('after', examplesText('run'))
  .action(async (probes: string[], options: unknown) => (await import('./run.js')).runCommand(probes, options));

// The probes' own options (--iface, ...) come from their modules, loaded only when `run` is the command.
if (commandOf(process.argv.slice(2)) === 'run') for (const o of (await import('../run/probe-options.js')).probeOptionFlags()) run.option(o.flag, o.help);

program
  .command('agent')
  .description('run the probes of a configuration file under a service manager: failed probes restarted with backoff, SIGHUP reloads (docs/agent.md)')
  .requiredOption('--config <file>', 'the configuration (YAML): probes, where their events go, how failed probes restart')
  .option('--check', 'check the file and plan its probes on this host, print the plan and exit (0 valid, 2 not): for ExecStartPre and before a reload', false)
  .option('--quiet', 'no events on stdout whatever the file says; the log lines stay on stderr', false)
  .option('--duration <s>', 'stop after this many seconds (a trial run; by default until SIGINT or SIGTERM)')
  .addHelpText('after', examplesText('agent'))
  .action(async (options: unknown) => (await import('./agent.js')).agentCommand(options));

const sshOptionsSplit = (value: string, previous: string[] = []) => [...previous, ...value.split(/\s+/).filter((w) => w !== '')];
const fleetHostOptions = (command: Command): Command =>
  command
    .option('--hosts <list>', 'the hosts: [user@]host[:port],... (ssh reads your ~/.ssh/config, agent and known_hosts for each)')
    .option('--inventory <file>', 'the hosts from a file: one [user@]host[:port] a line, or a YAML list of {host, name, user, port, jump, labels}')
    .option('--parallel <n>', 'at most this many connections being set up at once (default 10)')
    .option('--connect-timeout <s>', 'seconds ssh waits for a host to answer (default 10)')
    .option('--ssh-option <args>', "arguments for every ssh, split at spaces (repeatable): '-i KEY', '-F FILE', '-o UserKnownHostsFile=FILE'", sshOptionsSplit);
fleetHostOptions(
  program
    .command('runbook')
    .description('scripted checks: probes, assertions over their events, a verdict (exit 0, 1 breached, 2 could not run, 3 not every host ran)')
    .command('run')
    .description('run a runbook (YAML): preflight, its probes for its duration, its assertions; here, or on hosts over SSH; see docs/runbooks.md')
    .argument('<file|name>', 'the runbook: a YAML file (runbooks/tcp-health.yaml), or a bundled one by name (tcp-health)')
    .option('--set <name=value>', 'a parameter the runbook declares (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--report <file>', 'also write a report: FILE.html (self-contained), FILE.md or FILE.json')
    .option('--replay <dir>', 'rehearse on recordings (DIR/<probe>/, as probectl run --record DIR writes them) instead of live probes; needs no root')
    .option('--duration <s>', "observe this many seconds instead of the runbook's duration (over hosts: from the last one ready)"),
)
  .option('--ready-timeout <s>', 'with --hosts/--inventory: hosts not ready this many seconds after the start are left out (default 60)')
  .addHelpText('after', examplesText('runbook run'))
  .action(async (file: string, options: unknown) => (await import('./runbook.js')).runbookRunCommand(file, options));

program
  .command('watch')
  .description('evaluate a runbook continuously over events published to NATS JetStream (--publish): alerts and resolves as JSON lines, until Ctrl-C')
  .argument('<nats-url>', 'the server and subject prefix the events were published with: nats://HOST:PORT[/PREFIX]')
  .requiredOption('--runbook <file|name>', 'the runbook whose assertions to evaluate: a file, or a bundled one by name (workload-stalled)')
  .option('--set <name=value>', 'a parameter the runbook declares (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
  .option('--stream <name>', 'the JetStream stream (default: the prefix in capitals, PROBECTL); created when missing')
  .option('--durable <name>', 'the durable consumer, which resumes where it stopped (default probectl-watch-RUNBOOK)')
  .option('--window <s>', "seconds of each host's events each evaluation looks at (default: the runbook's duration)")
  .option('--for <s>', 'seconds a key must stay in breach before its alert is raised (default 1)')
  .option('--every <s>', "seconds of each host's clock between evaluations (default 1)")
  .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)')
  .option('--publish-alerts', 'also publish each alert and resolve to PREFIX.alerts', false)
  .action(async (url: string, options: unknown) => (await import('./watch.js')).watchCommand(url, options));
const fleet = program.command('fleet').description('many hosts at once over SSH, agentless: each host measured, planned and run on its own facts');
const fleetRun = fleetHostOptions(
  fleet
    .command('run')
    .description('run probes on every host and print their events as one stream ordered by time, with a fleet.host event for each host state')
    .addArgument(new Argument('<probe...>', "the probes to run (see 'probectl run --help')")),
).option('--backend <name>', 'auto, bpftrace, bcc or libbpf (auto: the first that runs truthfully on each host)', 'auto');
addOptions(fleetRun, filterOptions())
  .option('--duration <s>', 'stop after this many seconds, counted once the last host is ready (or from --ready-timeout)')
  .option('--ready-timeout <s>', 'hosts not ready this many seconds after the start are stragglers: reported, not waited for (default 60)')
  .addOption(formatOption())
  .option('--output <file>', 'write the events to FILE instead of stdout')
  .option('--record <dir>', "also record each host's probes under DIR/<host>/<probe>/: probectl replay DIR/<host> replays a host")
  .option('--grace <s>', 'seconds a probe gets after SIGINT, then after SIGTERM, before the next signal (default 3, then 2)')
  .option('--clock-interval <s>', "seconds between measurements of each host's clock offset over its connection (default 60)");
addOptions(addOptions(fleetRun, sinkOptions).option('--validate', 'check every event against its schema at run time', false), [
  ...stackFileOptions(),
  // run's options that mean nothing on a fleet: taken only to be refused with why (src/cli/fleet.ts).
  new Option('--include-self').hideHelp(),
  new Option('--dry-run').hideHelp(),
]).action(async (probes: string[], options: unknown) => (await import('./fleet.js')).fleetRunCommand(probes, options));
// The probes' own options, as on run.
if (commandOf(process.argv.slice(2)) === 'fleet') for (const o of (await import('../run/probe-options.js')).probeOptionFlags()) fleetRun.option(o.flag, o.help);
fleetHostOptions(fleet.command('doctor').description("each host's doctor checks side by side, measured over SSH"))
  .option('--json', "print each host's facts as JSON", false)
  .action(async (options: unknown) => (await import('./fleet-doctor.js')).fleetDoctorCommand(options));

const lab = program.command('lab').description('a lossy two-namespace network for live tests and learning (root): up, down, status, traffic');
const labCommand = (name: 'labUpCommand' | 'labDownCommand' | 'labStatusCommand' | 'labTrafficCommand') => async (options: unknown) =>
  (await import('./lab.js'))[name](options);
lab
  .command('up')
  .description('make namespaces pctl-a and pctl-b joined by veth, dropping a share of TCP to port 5001 (recreates an existing lab)')
  .option('--loss <pct>', 'percent of packets to the test port dropped, 0 to 50 (default 5)')
  .addHelpText('after', examplesText('lab up'))
  .action(labCommand('labUpCommand'));
lab
  .command('down')
  .description('remove the lab (namespaces, veth, nftables table); nothing to do is fine')
  .addHelpText('after', examplesText('lab down'))
  .action(labCommand('labDownCommand'));
lab
  .command('status')
  .description("whether the lab exists, its drop counter and the veths' packet counters")
  .option('--json', 'print it as JSON', false)
  .addHelpText('after', examplesText('lab status'))
  .action(labCommand('labStatusCommand'));
lab
  .command('traffic')
  .description('TCP connections from pctl-a to pctl-b:5001, one after another, measured at both ends (JSON)')
  .option('--connections <n>', 'how many, 1 to 100 (default 3)')
  .option('--bytes <b>', 'bytes each client sends (default 1048576)')
  .option('--reply <b>', 'bytes the server replies on each (default 65536)')
  .option('--timeout <s>', 'seconds each connection may take (default 30)')
  .addHelpText('after', examplesText('lab traffic'))
  .action(labCommand('labTrafficCommand'));

throwUsageErrors(program);
program.hook('preAction', (_program, action) => setOptionsCommand(commandPath(action))); // an invalid option points at its command's help
if (registryNamesWanted(process.argv.slice(2))) await describeRegistryArguments(toolArgument, probesArgument);

try {
  await program.parseAsync();
} catch (error) {
  // Help and version arrive as commander errors with exit code 0: printed already, nothing went wrong.
  if (!(error instanceof CommanderError && error.exitCode === 0)) {
    process.stderr.write(describeError(error) + '\n');
    process.exitCode = exitCodeOf(error);
  }
}
