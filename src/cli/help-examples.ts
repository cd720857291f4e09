// The examples each command's --help ends with: real commands, run from the package's directory by the tests (root ones live, or with --dry-run).

export interface HelpExample {
  /** As typed, from the package's directory; `sudo` marks a command that needs root. */
  command: string;
  /** One line: what it shows. */
  what: string;
}

/** By command path without `probectl` ('' is probectl itself). */
export const helpExamples = {
  '': [
    { command: 'probectl replay recordings/tcplife/libbpf-default --format table', what: 'a bundled recording of tcplife, as a table' },
    { command: 'probectl parse opensnoop recordings/opensnoop/libbpf-default/stdout', what: "opensnoop's text output as JSON events" },
    { command: 'sudo probectl run tcplife --duration 5 --format summary', what: 'TCP sessions on this host for 5 seconds, summarized' },
  ],
  parse: [
    { command: 'probectl parse tcplife recordings/tcplife/libbpf-default/stdout', what: "libbpf tcplife's output as JSON events" },
    { command: 'probectl parse opensnoop recordings/opensnoop/libbpf-x/stdout --format table', what: 'opensnoop -x (failed opens) as a table' },
    { command: 'cat recordings/tcpretrans/bcc-default/stdout | probectl parse tcpretrans --format summary', what: 'from stdin, summarized at the end' },
  ],
  replay: [
    { command: 'probectl replay recordings/tcpdrop/bpftrace', what: "a recording of probectl's bpftrace tcpdrop, as JSON events" },
    { command: 'probectl replay recordings/xdpcount/libbpf --format summary', what: 'XDP packet counts, summarized' },
    { command: 'probectl replay recordings/opensnoop/libbpf-default --speed 2 --format table', what: 'at twice the recorded pace, as a table' },
  ],
  summarize: [
    { command: 'probectl replay recordings/tcpretrans/bpftrace | probectl summarize', what: 'the top flows by retransmits, and what else the events hold' },
    { command: 'probectl replay recordings/tcplife/libbpf-default | probectl summarize --json --top 3', what: 'the same report as JSON, three rows a list' },
  ],
  layouts: [
    { command: 'probectl layouts', what: 'every layout of every tool, with the header it looks for' },
    { command: 'probectl layouts tcplife', what: "only tcplife's" },
  ],
  doctor: [
    { command: 'probectl doctor', what: 'what works here for tracing, and a remedy under each problem' },
    { command: 'probectl doctor --json', what: 'the host facts as JSON' },
    { command: 'sudo probectl doctor --fix', what: 'mount tracefs and debugfs where missing, detach XDP programs probectl left behind' },
  ],
  list: [
    { command: 'probectl list', what: 'every probe and backend, available here or not, and what auto picks' },
    { command: 'probectl list --json', what: 'the same as JSON' },
  ],
  run: [
    { command: 'sudo probectl run tcpretrans tcpdrop --duration 5 --format summary', what: 'retransmits and drops for 5 seconds, summarized' },
    { command: 'sudo probectl run opensnoop --failed --duration 5 --format table', what: 'failed opens for 5 seconds, as a table' },
    { command: 'sudo probectl run tcplife --port 5001 --duration 5 --format table', what: 'sessions with port 5001 at either end, as a table' },
  ],
  agent: [
    { command: 'sudo probectl agent --config docs/agent.yaml --check', what: 'check a configuration and print what it would run on this host' },
    { command: 'sudo probectl agent --config docs/agent.yaml --duration 5', what: 'its probes for 5 seconds, their events as JSON lines' },
  ],
  'runbook run': [
    { command: 'probectl runbook run runbooks/tcp-health.yaml --replay recordings/runbooks/tcp-clean', what: 'rehearse a runbook on recordings (no root)' },
    {
      command: 'probectl runbook run runbooks/file-access-errors.yaml --set comm=cat --replay recordings/runbooks/files-clean',
      what: 'with a parameter set',
    },
    { command: 'sudo probectl runbook run runbooks/tcp-health.yaml --set port=5001 --duration 5', what: 'live, for 5 seconds instead of its own duration' },
  ],
  'lab up': [
    { command: 'sudo probectl lab up', what: 'the lab with 5 % loss on port 5001' },
    { command: 'sudo probectl lab up --loss 10', what: 'with 10 % loss' },
  ],
  'lab down': [
    { command: 'sudo probectl lab down', what: 'remove it (nothing to remove is fine)' },
    { command: 'sudo probectl lab up && sudo probectl lab traffic && sudo probectl lab down', what: 'a whole session: up, traffic, down' },
  ],
  'lab status': [
    { command: 'sudo probectl lab status', what: 'its drop counter and packet counters' },
    { command: 'sudo probectl lab status --json', what: 'the same as JSON' },
  ],
  'lab traffic': [
    { command: 'sudo probectl lab traffic', what: '3 connections of 1 MiB each, measured at both ends' },
    { command: 'sudo probectl lab traffic --connections 5 --bytes 65536', what: '5 connections of 64 KiB' },
  ],
} as const satisfies Record<string, readonly HelpExample[]>;

export type ExampleCommand = keyof typeof helpExamples;

/** The text after a command's help. */
export function examplesText(command: ExampleCommand): string {
  const lines = helpExamples[command].map((e: HelpExample) => `  # ${e.what}\n  $ ${e.command}`);
  return `\nExamples (from the package's directory):\n${lines.join('\n')}\n`;
}
