// Every probe module loaded, and what is built from them: the parsers, the event schemas, their traits. A command that
// needs one module, or the list alone, loads it through probe-list.ts and spares the others' loading.
import * as z from '../events/zod.js';
import type { ToolParser } from '../core/layout.js';
import type { EventTraits } from '../events/event-traits.js';
import { coreEventSchemas, type EventOf, type EventSchemas, type EventType } from '../events/index.js';
import type { ParserName } from '../plan/plan.js';
import type { ProbeEntry } from './probe-entry.js';
import type { ProbeModule } from './probe-module.js';
import { isParserName, probeEntries } from './probe-list.js';

/** Each entry's module type, in a tuple as the entries': the checks below and the summary's and metrics' types read it. */
type Loaded<E extends readonly ProbeEntry[]> = { readonly [K in keyof E]: Awaited<ReturnType<E[K]['load']>> };
/** Every module, loaded: in the order of their entries (probe-list.ts), which `list`, `layouts` and the help follow. */
export const probeModules = (await Promise.all(probeEntries.map((e) => e.load()))) as unknown as Loaded<typeof probeEntries>;

type KeysOf<T> = T extends unknown ? keyof T : never;
type ModuleEventTypes = KeysOf<(typeof probeModules)[number]['events']>;
/** Fails to compile when an event type is declared (events.ts) but no module in the list produces it. */
type Unregistered = Exclude<EventType, ModuleEventTypes | keyof typeof coreEventSchemas>;
const everyTypeRegistered: [Unregistered] extends [never] ? true : Unregistered = true;
void everyTypeRegistered;

/** Every tool probectl can parse, by the name `probectl parse <tool>` takes. */
export const toolParsers: Readonly<Record<ParserName, ToolParser>> = Object.fromEntries(probeModules.map((m) => [m.name, m.parser])) as Record<
  ParserName,
  ToolParser
>;

export function toolParser(name: string): ToolParser | undefined {
  return isParserName(name) ? toolParsers[name] : undefined;
}

/** The module of the parser named `name`, or undefined. */
export function probeModule(name: string): ProbeModule | undefined {
  return (probeModules as readonly ProbeModule[]).find((m) => m.name === name);
}

/** Every event type's schema: core's and every module's. */
export const eventSchemas = Object.assign({}, coreEventSchemas, ...probeModules.map((m) => m.events)) as { readonly [T in EventType]: EventSchemas[T] };
export const eventTypes = Object.keys(eventSchemas) as EventType[];
/** Any event, checked against its type's schema. */
export const eventSchema = z.discriminatedUnion('type', Object.values(eventSchemas) as unknown as [EventSchemas[EventType], ...EventSchemas[EventType][]]);

/** Every event type's traits, as its module declares them; a type without any has none of them. */
export const eventTraits: { readonly [T in EventType]?: EventTraits<EventOf<T>> } = Object.assign({}, ...probeModules.map((m: ProbeModule) => m.traits ?? {}));
