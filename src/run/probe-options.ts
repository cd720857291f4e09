// The probe options a run was given, each checked by the schema of the probe that declares it.
import { ProbectlError } from '../core/errors.js';
import type { ProbeDefinition } from '../plan/catalog.js';
import type { ProbeSettings } from '../plan/plan.js';
import { flagOf } from '../core/zod-words.js';
import { checkOptionsOf } from '../plan/probe-options.js';
import { probeDefinitions } from '../probes/probe-list.js';

/** Every option key some probe declares, with its flag (the first declaration's) and its help: one text, or each probe's where they differ. */
export function probeOptionFlags(
  definitions: readonly ProbeDefinition[] = probeDefinitions,
): Array<{ key: string; flag: string; help: string; probes: string[] }> {
  const byKey = new Map<string, { key: string; flag: string; helps: Map<string, string[]> }>();
  for (const d of definitions)
    for (const f of d.options?.flags ?? []) {
      const seen = byKey.get(f.key) ?? byKey.set(f.key, { key: f.key, flag: f.flag, helps: new Map() }).get(f.key)!;
      seen.helps.set(f.help, [...(seen.helps.get(f.help) ?? []), d.name]);
    }
  return [...byKey.values()].map(({ key, flag, helps }) => {
    const probes = [...helps.values()].flat();
    const help =
      helps.size === 1 ? `${probes.join(', ')}: ${[...helps.keys()][0]}` : [...helps].map(([text, names]) => `${names.join(', ')}: ${text}`).join('; ');
    return { key, flag, help, probes };
  });
}

export const probeOptionKeys = (definitions: readonly ProbeDefinition[] = probeDefinitions): string[] => probeOptionFlags(definitions).map((f) => f.key);

/** The probes that declare an option key. */
export function ownersOf(key: string, definitions: readonly ProbeDefinition[] = probeDefinitions): ProbeDefinition[] {
  return definitions.filter((d) => d.options?.flags.some((f) => f.key === key));
}

/**
 * The options given on a command line (key → raw value, for every probe at once), checked against the probes named:
 * an option no named probe takes is refused with the probes that do; each named probe's own are checked by its schema.
 */
export function checkProbeOptions(
  names: readonly string[],
  given: Readonly<Record<string, unknown>>,
  definitions: readonly ProbeDefinition[] = probeDefinitions,
): ProbeSettings {
  const named = definitions.filter((d) => names.includes(d.name));
  for (const key of Object.keys(given)) {
    if (named.some((d) => d.options?.flags.some((f) => f.key === key))) continue;
    const owners = ownersOf(key, definitions).map((d) => d.name);
    const flag = flagOf(key);
    throw new ProbectlError(
      'USAGE',
      `${flag} is an option of ${owners.join(' and ') || 'no probe'}.`,
      owners.length > 0 ? `Add ${owners[0]} to the probes, or leave ${flag} out.` : `Leave ${flag} out.`,
    );
  }
  const settings: Record<string, unknown> = {};
  for (const d of named) {
    if (d.options === undefined) continue;
    const own = Object.fromEntries(d.options.flags.filter((f) => given[f.key] !== undefined).map((f) => [f.key, given[f.key]]));
    settings[d.name] = checkOptionsOf(d.name, d.options, own);
  }
  return settings;
}

/** The library's settings (probe name → its options object), checked the same way. */
export function checkSettings(
  names: readonly string[],
  raw: ProbeSettings | undefined,
  definitions: readonly ProbeDefinition[] = probeDefinitions,
): ProbeSettings {
  const settings: Record<string, unknown> = {};
  for (const probe of Object.keys(raw ?? {})) {
    if (!names.includes(probe))
      throw new ProbectlError(
        'USAGE',
        `there are settings for ${probe}, which is not among the probes run.`,
        `Add ${probe} to the probes, or leave its settings out.`,
      );
  }
  for (const d of definitions.filter((def) => names.includes(def.name) && def.options !== undefined))
    settings[d.name] = checkOptionsOf(d.name, d.options, (raw?.[d.name] ?? {}) as Record<string, unknown>);
  return settings;
}
