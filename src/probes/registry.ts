// Every probe module, and what is built from the list: the parsers, the probes `run` knows, the event schemas, the tools to look for.
import { z } from 'zod';
import type { ToolParser } from '../core/layout.js';
import type { EventTraits } from '../events/event-traits.js';
import { coreEventSchemas, type EventOf, type EventSchemas, type EventType } from '../events/index.js';
import type { ProbeDefinition } from '../plan/catalog.js';
import type { ParserName } from '../plan/plan.js';
import { biolatencyModule } from './biolatency/index.js';
import { bpftraceModule } from './bpftrace/index.js';
import { execsnoopModule } from './execsnoop/index.js';
import { mallocModule } from './malloc/index.js';
import { opensnoopModule } from './opensnoop/index.js';
import { profileModule } from './profile/index.js';
import type { ProbeModule } from './probe-module.js';
import { syscountModule } from './syscount/index.js';
import { tcpconnectModule } from './tcpconnect/index.js';
import { tcpdropModule } from './tcpdrop/index.js';
import { tcplifeModule } from './tcplife/index.js';
import { tcpretransModule } from './tcpretrans/index.js';
import { xdpcountModule } from './xdpcount/index.js';

/** The modules, in the order `list`, `layouts` and the help show them. */
export const probeModules = [
  tcpretransModule,
  tcpdropModule,
  tcplifeModule,
  opensnoopModule,
  xdpcountModule,
  syscountModule,
  execsnoopModule,
  biolatencyModule,
  mallocModule,
  tcpconnectModule,
  profileModule,
  bpftraceModule,
] as const satisfies readonly ProbeModule[];

type KeysOf<T> = T extends unknown ? keyof T : never;
type ModuleEventTypes = KeysOf<(typeof probeModules)[number]['events']>;
/** Fails to compile when an event type is declared (events.ts) but no module in the list produces it. */
type Unregistered = Exclude<EventType, ModuleEventTypes | keyof typeof coreEventSchemas>;
const everyTypeRegistered: [Unregistered] extends [never] ? true : Unregistered = true;
void everyTypeRegistered;

/** Fails to compile when a parser name is declared (ParserNames) but no module in the list has it, or a listed module's is not declared. */
type Unlisted = Exclude<ParserName, (typeof probeModules)[number]['name']> | Exclude<(typeof probeModules)[number]['name'], ParserName>;
const everyParserListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyParserListed;

/** Every tool probectl can parse, by the name `probectl parse <tool>` takes. */
export const toolParsers: Readonly<Record<ParserName, ToolParser>> = Object.fromEntries(probeModules.map((m) => [m.name, m.parser])) as Record<
  ParserName,
  ToolParser
>;

export const isParserName = (name: string): name is ParserName => Object.hasOwn(toolParsers, name);

export function toolParser(name: string): ToolParser | undefined {
  return isParserName(name) ? toolParsers[name] : undefined;
}

/** Every probe `probectl run` knows, with its backends in the order auto prefers them (docs/probes.md says why). */
export const probeDefinitions: readonly ProbeDefinition[] = probeModules.flatMap((m: ProbeModule) => (m.probe === undefined ? [] : [m.probe]));

/** Every event type's schema: core's and every module's. */
export const eventSchemas = Object.assign({}, coreEventSchemas, ...probeModules.map((m) => m.events)) as { readonly [T in EventType]: EventSchemas[T] };
export const eventTypes = Object.keys(eventSchemas) as EventType[];
/** Any event, checked against its type's schema. */
export const eventSchema = z.discriminatedUnion('type', Object.values(eventSchemas) as unknown as [EventSchemas[EventType], ...EventSchemas[EventType][]]);

/** Every event type's traits, as its module declares them; a type without any has none of them. */
export const eventTraits: { readonly [T in EventType]?: EventTraits<EventOf<T>> } = Object.assign({}, ...probeModules.map((m: ProbeModule) => m.traits ?? {}));

/** The BCC and libbpf-tools executables the host measurement looks for. */
export const hostToolNames = {
  bcc: probeModules.flatMap((m: ProbeModule) => m.tools?.bcc ?? []),
  libbpf: probeModules.flatMap((m: ProbeModule) => m.tools?.libbpf ?? []),
};
