// The processes /proc lists: its entries named by a number.
import { readdirSync } from 'node:fs';

/** The pids /proc lists now, as its entry names; undefined when /proc cannot be read. */
export function listedPids(): string[] | undefined {
  try {
    return readdirSync('/proc').filter((name) => name.charCodeAt(0) <= 57);
  } catch {
    return undefined;
  }
}
