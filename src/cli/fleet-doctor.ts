// probectl fleet doctor: each host's doctor checks measured over SSH, side by side, then each problem's remedy under its host.
import * as z from '../events/zod.js';
import { FleetRun } from '../fleet/fleet-run.js';
import type { HostOutcome } from '../fleet/host-run.js';
import { hostsRanLine } from '../fleet/hosts-table.js';
import { cut, textTable } from '../summary/text-table.js';
import { reportChecks } from './doctor-report.js';
import { fleetTargets, fleetVerdict, hostOptions } from './fleet.js';
import { checkedOptions } from './options.js';

const fleetDoctorOptions = z.strictObject({
  ...hostOptions,
  json: z._default(z.boolean(), false),
});

const CELL = 48;

/** The checks as rows, the hosts as columns: ✓ or ✗ and what was found; a host that could not be measured says why. */
export function sideBySide(outcomes: readonly HostOutcome[]): string {
  const labels = reportChecks(outcomes.find((o) => o.facts !== undefined)?.facts ?? placeholderFacts()).map(([label]) => label);
  const columns = outcomes.map((o) => (o.facts === undefined ? undefined : new Map(reportChecks(o.facts))));
  const rows = [
    ['kernel', ...outcomes.map((o) => o.facts?.kernel ?? `✗ ${o.reason ?? o.state}: ${cut(o.message ?? '', CELL)}`)],
    ...labels.map((label) => [label, ...columns.map((checks) => (checks === undefined ? '-' : cellOf(checks.get(label))))]),
  ];
  const table = textTable([{ title: 'CHECK' }, ...outcomes.map((o) => ({ title: o.host, max: CELL + 2 }))], rows);
  const remedies = outcomes.flatMap((o) =>
    o.facts === undefined
      ? []
      : reportChecks(o.facts)
          .filter(([, c]) => !c.ok && c.remedy !== undefined && c.unknown !== true)
          .map(([label, c]) => `  ${o.host} ${label}: ${c.remedy}`),
  );
  return [...table, ...(remedies.length > 0 ? ['', 'Remedies', ...remedies] : []), ''].join('\n');
}

const cellOf = (check: ReturnType<typeof reportChecks>[number][1] | undefined): string =>
  check === undefined ? '-' : `${check.ok ? '✓' : check.unknown ? '?' : '✗'} ${cut(check.detail, CELL)}`;

function placeholderFacts(): never {
  throw new Error('no host was measured');
}

export async function fleetDoctorCommand(raw: unknown): Promise<void> {
  const options = checkedOptions(fleetDoctorOptions, raw);
  const targets = await fleetTargets(options);
  const fleet = new FleetRun([], {
    targets,
    ssh: { connectTimeoutS: options.connectTimeout, extra: options.sshOption },
    parallel: options.parallel,
    readyTimeoutMs: 120_000,
    factsOnly: true,
  });
  const running = fleet.run();
  for await (const _event of fleet.events); // the states are in the outcomes
  const outcomes = (await running).map((o) => (o.facts !== undefined ? { ...o, ran: true } : o));
  if (options.json)
    process.stdout.write(
      JSON.stringify(
        outcomes.map((o) => ({ host: o.host, state: o.state, reason: o.reason, message: o.message, clock_offset_ms: o.clock_offset_ms, facts: o.facts })),
        null,
        2,
      ) + '\n',
    );
  else {
    process.stdout.write(`probectl fleet doctor: ${hostsRanLine(outcomes).replace('ran', 'measured')}\n`);
    process.stdout.write(outcomes.some((o) => o.facts !== undefined) ? sideBySide(outcomes) : '');
  }
  fleetVerdict(outcomes);
}
