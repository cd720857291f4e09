// Every probe module, as one entry each, and what is built from the list without loading a module: the probes `run`
// knows, the parser names, the tools to look for. registry.ts loads the modules themselves, for the commands that need all.
import type { ParserName } from '../plan/plan.js';
import type { ProbeDefinition } from '../plan/catalog.js';
import { biolatencyEntry } from './biolatency/entry.js';
import { bpftraceEntry } from './bpftrace/entry.js';
import { execsnoopEntry } from './execsnoop/entry.js';
import { mallocEntry } from './malloc/entry.js';
import { opensnoopEntry } from './opensnoop/entry.js';
import { profileEntry } from './profile/entry.js';
import type { ProbeEntry } from './probe-entry.js';
import { syscountEntry } from './syscount/entry.js';
import { tcpconnectEntry } from './tcpconnect/entry.js';
import { tcpdropEntry } from './tcpdrop/entry.js';
import { tcplifeEntry } from './tcplife/entry.js';
import { tcpretransEntry } from './tcpretrans/entry.js';
import { xdpcountEntry } from './xdpcount/entry.js';

/** The modules, in the order `list`, `layouts` and the help show them. */
export const probeEntries = [
  tcpretransEntry,
  tcpdropEntry,
  tcplifeEntry,
  opensnoopEntry,
  xdpcountEntry,
  syscountEntry,
  execsnoopEntry,
  biolatencyEntry,
  mallocEntry,
  tcpconnectEntry,
  profileEntry,
  bpftraceEntry,
] as const satisfies readonly ProbeEntry[];

/** Fails to compile when a parser name is declared (ParserNames) but no entry in the list has it, or a listed entry's is not declared. */
type Unlisted = Exclude<ParserName, (typeof probeEntries)[number]['name']> | Exclude<(typeof probeEntries)[number]['name'], ParserName>;
const everyParserListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyParserListed;

/** Every tool probectl can parse, by the name `probectl parse <tool>` takes. */
export const parserNames: readonly ParserName[] = probeEntries.map((e) => e.name);

const parserNameSet: ReadonlySet<string> = new Set(parserNames);
export const isParserName = (name: string): name is ParserName => parserNameSet.has(name);

/** The entry of a parser by its name. */
export const entryOf = (name: ParserName): ProbeEntry => probeEntries.find((e) => e.name === name)!;

/** Every probe `probectl run` knows, with its backends in the order auto prefers them (docs/probes.md says why). */
export const probeDefinitions: readonly ProbeDefinition[] = probeEntries.flatMap((e: ProbeEntry) => (e.probe === undefined ? [] : [e.probe]));

/** The BCC and libbpf-tools executables the host measurement looks for. */
export const hostToolNames = {
  bcc: probeEntries.flatMap((e: ProbeEntry) => e.tools?.bcc ?? []),
  libbpf: probeEntries.flatMap((e: ProbeEntry) => e.tools?.libbpf ?? []),
};
