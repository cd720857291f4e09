// What the sinks and the runbooks know of an event type beyond its schema, declared by the module that produces it and checked against its fields.
import type { EventOf, EventType } from './event-types.js';

/** The names of E's fields whose values are V (optional ones included). */
type FieldOf<E, V> = { [K in keyof E & string]-?: NonNullable<E[K]> extends V ? K : never }[keyof E & string];

export interface EventTraits<E> {
  /** The connection the event is about, local (or source) end first: its address, port, address and port fields. */
  readonly flow?: readonly [FieldOf<E, string>, FieldOf<E, number>, FieldOf<E, string>, FieldOf<E, number>];
  /** Its pid is the task that happened to be on the CPU (softirq, timers), not the process that caused it: never read as probectl's own. */
  readonly pidOnCpu?: true;
  /** Its layout takes any line of text (a printf): it fits any tool's output, so it tells nothing of which tool printed it. */
  readonly anyLine?: true;
  /** The field saying how long what it reports lasted, in milliseconds, ending at its ts: OTLP export makes it a span. */
  readonly duration?: FieldOf<E, number>;
  /** `--output xctl` writes it as a transport.drop record of its pid; only a type with a pid field can be. */
  readonly xctl?: 'pid' extends keyof E ? (E extends { pid?: number } ? true : never) : never;
}

/** The traits of some event types, each checked against its own type's fields. */
export type TraitsOf<T extends EventType> = { readonly [K in T]?: EventTraits<EventOf<K>> };
