// What the running kernel's tracefs says about its tracepoints: which exist, and their format files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Tracefs {
  /** True when the tracepoint ("skb/kfree_skb") exists here. */
  has(tracepoint: string): boolean;
  /** Its format file (fields and print format), or undefined when it cannot be read. */
  format(tracepoint: string): string | undefined;
}

/** Where tracefs is mounted: its own mount point, or under debugfs on older set-ups. */
export const TRACEFS_ROOTS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'] as const;

/** The host's tracefs, read when asked (nothing is cached: a mount can appear meanwhile). */
export function hostTracefs(roots: readonly string[] = TRACEFS_ROOTS): Tracefs {
  const eventDir = (tracepoint: string) => roots.map((root) => join(root, 'events', tracepoint)).find((dir) => existsSync(dir));
  return {
    has: (tracepoint) => eventDir(tracepoint) !== undefined,
    format(tracepoint) {
      const dir = eventDir(tracepoint);
      if (dir === undefined) return undefined;
      try {
        return readFileSync(join(dir, 'format'), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** A fixed tracefs, for plans made from recorded facts and for tests. */
export function fixedTracefs(formats: Readonly<Record<string, string>>): Tracefs {
  return { has: (tp) => Object.hasOwn(formats, tp), format: (tp) => (Object.hasOwn(formats, tp) ? formats[tp] : undefined) };
}
