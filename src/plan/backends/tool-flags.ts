// Maps checked filters to a stock tool's command-line flags (-p PID, -L PORT, -x ...).
import type { FilterName, Filters } from '../filters.js';

export type FlagMap = { [K in FilterName]?: (value: NonNullable<Filters[K]>) => string[] };

/** The flags for the filters given, in the order the filters are listed; a filter the map lacks is the caller's to refuse first. */
export function toolFlags(map: FlagMap, filters: Filters): string[] {
  const out: string[] = [];
  for (const name of Object.keys(map) as FilterName[]) {
    const value = filters[name];
    if (value === undefined || value === false) continue;
    out.push(...(map[name] as (v: typeof value) => string[])(value));
  }
  return out;
}

/** The flags most stock tools share. */
export const pidFlag = (pid: number): string[] => ['-p', String(pid)];
export const familyFlag = (family: 4 | 6): string[] => [family === 4 ? '-4' : '-6'];
export const localPortFlag = (port: number): string[] => ['-L', String(port)];
export const remotePortFlag = (port: number): string[] => ['-D', String(port)];
