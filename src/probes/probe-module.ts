// One probe as one module: everything that is the probe's own, in one object that the registry lists.
import type { z } from 'zod';
import type { ToolParser } from '../core/layout.js';
import type { EventType, TypesOf } from '../events/index.js';
import type { ProbeDefinition } from '../plan/catalog.js';
import type { SummaryPart } from '../tally/summary-part.js';

/** A module's event types, each with its schema. */
export type ModuleEvents = Partial<Record<EventType, z.ZodObject>>;

export interface ProbeModule<S extends ModuleEvents = ModuleEvents> {
  /** The name `probectl parse` and `probectl run` take. */
  readonly name: string;
  /** The event types its parser produces, besides the tool.* diagnostics every tool may print. */
  readonly events: S;
  /** Every output layout of its tools. */
  readonly parser: ToolParser;
  /** How `probectl run` runs it: backends, filters, options. Absent for a parser alone (bpftrace's generic output). */
  readonly probe?: ProbeDefinition;
  /** The executables the host measurement looks for, under the names the BCC and libbpf-tools packages give them. */
  readonly tools?: { readonly bcc?: readonly string[]; readonly libbpf?: readonly string[] };
  /** Its part of the summary: a tally with a handler for each of its event types, its report, and that report as sections. */
  readonly summary?: SummaryPart<TypesOf<S>>;
}

/** Declares a module with its event types kept literal, so that everything keyed by them is checked for completeness. */
export function defineProbe<const S extends ModuleEvents>(module: ProbeModule<S>): ProbeModule<S> {
  return module;
}
