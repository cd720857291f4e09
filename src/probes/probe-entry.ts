// What the registry knows of a probe module without loading it: its name, how `run` runs it, the tools the host facts
// look for, and how to load the rest (parser, schemas, summary, metrics) when a command needs them.
import type { ProbeDefinition } from '../plan/catalog.js';
import type { ModuleEvents, ProbeModule } from './probe-module.js';

export interface ProbeEntry<N extends string = string, M extends ProbeModule<ModuleEvents, N> = ProbeModule<ModuleEvents, N>> {
  /** The name `probectl parse` and `probectl run` take, and the module's. */
  readonly name: N;
  /** How `probectl run` runs it: backends, filters, options. Absent for a parser alone (bpftrace's generic output). */
  readonly probe?: ProbeDefinition;
  /** The executables the host measurement looks for, under the names the BCC and libbpf-tools packages give them. */
  readonly tools?: { readonly bcc?: readonly string[]; readonly libbpf?: readonly string[] };
  /** The whole module, from its folder's index.js: loaded only by the commands that parse, summarize or count its events. */
  load(): Promise<M>;
}

/** Declares an entry with its name and its module's type kept literal: the module's name must be the entry's. */
export function defineEntry<const N extends string, M extends ProbeModule<ModuleEvents, N>>(entry: ProbeEntry<N, M>): ProbeEntry<N, M> {
  return entry;
}
